package dev.ficus.facade.proxy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import dev.ficus.platform.web.FicusHeaders;
import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Streaming reverse proxy for one pass-through route: a servlet mapped to {@code <path-prefix>/*} that sends each
 * request to the route's target with Apache HttpClient 5 (classic, {@link TargetClient}) and streams the answer
 * back.
 *
 * <p>What the target receives (RFC 9110 / RFC 7239):
 * <ul>
 *   <li>the method, and the client's raw request path after the prefix plus raw query, byte for byte (never
 *       decoded or re-encoded), appended to the target's path; a path with a {@code .} or {@code ..} segment
 *       (also percent-encoded) is refused with 400 so no request can leave the target's path
 *       ({@link TargetPaths});</li>
 *   <li>{@code Host} of the target; the client's {@code Host} in {@code X-Forwarded-Host}, the client's scheme in
 *       {@code X-Forwarded-Proto}, the port the client addressed in {@code X-Forwarded-Port} (these three replace
 *       any the client sent), the client's address appended to {@code X-Forwarded-For} and a
 *       {@code for=;host=;proto=} element appended to {@code Forwarded};</li>
 *   <li>every other request header as sent, except hop-by-hop headers ({@code Connection} and the headers it
 *       names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Upgrade}, {@code Proxy-*},
 *       {@code Transfer-Encoding}), {@code Expect} (answered by this server) and internal control headers
 *       (names starting with {@code Camel} in any letter case, or {@code org.apache.camel.})
 *       ({@link RequestHeaders});</li>
 *   <li>{@code X-Request-Id}: the client's when {@link RequestIds#isSafeRequestId safe} (1 to 128 characters of
 *       {@code [A-Za-z0-9._:-]}, the façade's rule) or a new random UUID;
 *       {@code traceparent}/{@code tracestate} as the request carries them (in Ficus those of the request's server
 *       span, {@link RequestIds}, so the target's spans join the trace);</li>
 *   <li>the body streamed, with {@code Content-Length} when the client sent one (also on DELETE and GET),
 *       chunked when the client sent it chunked ({@link ClientBody}).</li>
 * </ul>
 *
 * <p>What the client receives: the target's status code and headers (less hop-by-hop and internal ones, plus
 * {@code X-Request-Id}; {@link ResponseHeaders}), and its body streamed as received ({@link BodyCopy}), never
 * decompressed (a gzip body keeps {@code Content-Encoding: gzip}) and never following a redirect. The status line
 * keeps the target's reason phrase byte for byte ({@code HTTP/1.1 418 Short And Stout}, or nothing after the code
 * when the target sent none) on Undertow, the embedded server Ficus runs on (Tomcat 9+ and Jetty 10+ write no
 * custom reason); a reason with control characters or longer than {@value UndertowAccess#MAX_REASON_LENGTH}
 * characters is replaced by the standard one. When the target fails before its answer starts, the client gets an
 * RFC 9457 {@code application/problem+json} ({@code type, title, status, detail, instance, requestId}; written by
 * {@link Problems}; {@link TargetFailure}): 503 with {@code Retry-After: 5} (seconds) when the connection is
 * refused, times out after {@code connect-timeout-ms} or no pooled connection frees up in that time; 504 when the
 * target stays silent for {@code response-timeout-ms}; 502 when it closes the connection without an answer or
 * answers something that is not HTTP (a request without body and with an idempotent method is first retried once
 * on a fresh connection, in case the target had closed the pooled one). A client whose request body breaks off
 * gets 400. When the target fails while its answer streams, the client connection is closed at once without
 * completing the response, so a truncated body never looks complete.
 *
 * <p>Metrics: timer {@value #METRIC} (seconds) tagged {@code route} (the route id) and {@code status}
 * ({@code 1xx}..{@code 5xx}, or {@code aborted} when either side broke off mid-stream).
 */
public class PassThroughProxy extends HttpServlet {

    /** Name of the Micrometer timer of pass-through requests. */
    public static final String METRIC = "ficus.passthrough.requests";

    private static final Logger log = LoggerFactory.getLogger(PassThroughProxy.class);
    private static final String ABORTED = "aborted";

    private final transient Route route;
    private final transient MeterRegistry meters;
    private final transient Problems problems;
    private final transient CloseableHttpClient client;
    private final transient HttpHost targetHost;
    private final transient TargetPaths paths;

    /**
     * @param route    the route this servlet serves
     * @param meters   where the {@value #METRIC} timer goes
     * @param problems writes the proxy's own problem answers
     */
    public PassThroughProxy(Route route, MeterRegistry meters, Problems problems) {
        this.route = route;
        this.meters = meters;
        this.problems = problems;
        URI target = route.target();
        this.targetHost = new HttpHost(target.getScheme(), target.getHost(), target.getPort());
        this.paths = new TargetPaths(route.pathPrefix(), target);
        this.client = TargetClient.create(route);
    }

    @Override
    public void destroy() {
        client.close(CloseMode.GRACEFUL);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String requestId = requestId(request);
        MDC.put(RequestIds.MDC_KEY, requestId);
        String status = ABORTED;
        try {
            status = forward(request, response, requestId);
        } finally {
            Timer.builder(METRIC).description("Pass-through requests by route and status class")
                    .tag("route", route.id()).tag("status", status)
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** @return the status class answered, or {@code aborted} */
    private String forward(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        String path = paths.targetPath(request.getRequestURI(), request.getContextPath(), request.getQueryString());
        if (path == null) {
            return problem(request, response, 400, "The path must start with " + route.pathPrefix()
                    + " literally and must not contain . or .. segments");
        }
        HttpUriRequestBase outgoing = new HttpUriRequestBase(request.getMethod(), route.target());
        outgoing.setPath(path);   // raw: no URI parsing, no normalisation, no re-encoding
        RequestHeaders.copy(request, outgoing, requestId);
        ClientBody body = ClientBody.attach(request, outgoing);
        ClassicHttpResponse answer;
        try {
            answer = client.executeOpen(targetHost, outgoing, null);
        } catch (IOException e) {
            return sendFailed(request, response, body, e);
        }
        try {
            return relay(request, response, outgoing, answer, requestId);
        } finally {
            closeQuietly(answer);
        }
    }

    /** Answers a request that could not be sent or whose answer did not start: 400 when the client's body broke. */
    private String sendFailed(HttpServletRequest request, HttpServletResponse response, ClientBody body,
                              IOException e) throws IOException {
        if (body != null && body.failure() != null) {
            log.info("{} {} {}: the client's request body could not be read: {}", route.id(),
                    request.getMethod(), request.getRequestURI(), body.failure().toString());
            try {
                return problem(request, response, 400, "The request body could not be read");
            } catch (IOException clientGone) {
                return ABORTED;
            }
        }
        return targetFailed(request, response, e);
    }

    /** Passes the target's status line, headers and body to the client. */
    private String relay(HttpServletRequest request, HttpServletResponse response, HttpUriRequestBase outgoing,
                         ClassicHttpResponse answer, String requestId) throws IOException {
        response.setStatus(answer.getCode());
        UndertowAccess.reasonPhrase(answer.getReasonPhrase());
        ResponseHeaders.copy(answer, response);
        response.setHeader(FicusHeaders.REQUEST_ID, requestId);
        HttpEntity entity = answer.getEntity();
        if (entity != null && entity.getContentLength() < 0 && "HTTP/1.1".equals(request.getProtocol())) {
            // Chunked even when this connection closes afterwards (Undertow would delimit the body by closing
            // the connection): only a last chunk tells the client the body is complete, not truncated.
            response.setHeader("Transfer-Encoding", "chunked");
        }
        String failed = entity == null ? null : stream(request, response, outgoing, entity);
        return failed != null ? failed : statusClass(answer.getCode());
    }

    /**
     * Copies the target's body to the client.
     *
     * @return null when the whole body went through; otherwise (the outgoing request is then cancelled, so the
     *         rest of the target's body is not drained for nobody) the status class of the problem answered, or
     *         {@code aborted} when either side broke off mid-stream
     */
    private String stream(HttpServletRequest request, HttpServletResponse response, HttpUriRequestBase outgoing,
                          HttpEntity entity) throws IOException {
        OutputStream out = response.getOutputStream();
        try (InputStream in = entity.getContent()) {
            BodyCopy.Result copied = BodyCopy.copy(in, out);
            if (copied.outcome() == BodyCopy.Outcome.COMPLETE) {
                return null;
            }
            outgoing.cancel();
            if (copied.outcome() == BodyCopy.Outcome.CLIENT_GONE) {
                log.info("{} {} {}: client went away while the answer streamed: {}", route.id(),
                        request.getMethod(), request.getRequestURI(), copied.failure().toString());
                return ABORTED;
            }
            if (!response.isCommitted()) {
                response.reset();
                return targetFailed(request, response, copied.failure());
            }
            log.warn("{} {} {}: target failed while its answer streamed; closing the client connection: {}",
                    route.id(), request.getMethod(), request.getRequestURI(), copied.failure().toString());
            UndertowAccess.closeClientConnection();
            return ABORTED;
        }
    }

    /** Answers a failure of the target before its answer started with the matching problem. */
    private String targetFailed(HttpServletRequest request, HttpServletResponse response, IOException e)
            throws IOException {
        TargetFailure failure = TargetFailure.of(e);
        switch (failure) {
            case UNREACHABLE -> {
                log.warn("{} {} {}: target {} unreachable: {}", route.id(), request.getMethod(),
                        request.getRequestURI(), route.target(), e.toString());
                response.setHeader("Retry-After", String.valueOf(TargetFailure.RETRY_AFTER_SECONDS));
            }
            case SILENT -> log.warn("{} {} {}: target silent for {} ms", route.id(), request.getMethod(),
                    request.getRequestURI(), route.responseTimeoutMs());
            case BROKEN -> log.warn("{} {} {}: target closed the connection or answered something that is not "
                    + "HTTP: {}", route.id(), request.getMethod(), request.getRequestURI(), e.toString());
        }
        return problem(request, response, failure.status(), failure.detail(route));
    }

    /** Writes the proxy's own RFC 9457 problem, with the standard reason phrase. */
    private String problem(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        UndertowAccess.reasonPhrase(null);
        problems.write(request, response, Problems.problem(status, detail));
        return statusClass(status);
    }

    private static String requestId(HttpServletRequest request) {
        String id = request.getHeader(FicusHeaders.REQUEST_ID);
        return RequestIds.isSafeRequestId(id) ? id : UUID.randomUUID().toString();
    }

    private static String statusClass(int status) {
        return (status / 100) + "xx";
    }

    private static void closeQuietly(ClassicHttpResponse answer) {
        try {
            answer.close();
        } catch (IOException e) {
            log.debug("closing the target's answer failed", e);
        }
    }
}
