package dev.ficus.facade.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.facade.RequestIds;
import dev.ficus.facade.proxy.PassThroughProperties.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Headers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Streaming reverse proxy for one pass-through route: a servlet mapped to {@code <path-prefix>/*} that sends each
 * request to the route's target with Apache HttpClient 5 (classic) and streams the answer back.
 *
 * <p>What the target receives (RFC 9110 / RFC 7239):
 * <ul>
 *   <li>the method, and the client's raw request path after the prefix plus raw query, byte for byte (never
 *       decoded or re-encoded), appended to the target's path; a path with a {@code .} or {@code ..} segment
 *       (also percent-encoded) is refused with 400 so no request can leave the target's path;</li>
 *   <li>{@code Host} of the target; the client's {@code Host} in {@code X-Forwarded-Host}, the client's scheme in
 *       {@code X-Forwarded-Proto}, the port the client addressed in {@code X-Forwarded-Port} (these three replace
 *       any the client sent), the client's address appended to {@code X-Forwarded-For} and a
 *       {@code for=;host=;proto=} element appended to {@code Forwarded};</li>
 *   <li>every other request header as sent, except hop-by-hop headers ({@code Connection} and the headers it
 *       names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code Upgrade}, {@code Proxy-*},
 *       {@code Transfer-Encoding}), {@code Expect} (answered by this server) and internal control headers
 *       (names starting with {@code Camel} in any letter case, or {@code org.apache.camel.});</li>
 *   <li>{@code X-Request-Id}: the client's when {@link RequestIds#isSafeRequestId safe} (1 to 128 characters of
 *       {@code [A-Za-z0-9._:-]}, the façade's rule) or a new random UUID;
 *       {@code traceparent}/{@code tracestate} as received;</li>
 *   <li>the body streamed, with {@code Content-Length} when the client sent one (also on DELETE and GET),
 *       chunked when the client sent it chunked.</li>
 * </ul>
 *
 * <p>What the client receives: the target's status code and headers (less hop-by-hop and internal ones, plus
 * {@code X-Request-Id}), and its body streamed as received, never decompressed (a gzip body keeps
 * {@code Content-Encoding: gzip}) and never following a redirect. The status line keeps the target's reason phrase
 * byte for byte ({@code HTTP/1.1 418 Short And Stout}, or nothing after the code when the target sent none) on
 * Undertow, the embedded server Ficus runs on (Tomcat 9+ and Jetty 10+ write no custom reason); a reason with
 * control characters or longer than {@value #MAX_REASON_LENGTH} characters is replaced by the standard one.
 * When the target fails before its answer
 * starts, the client gets an RFC 9457 {@code application/problem+json} ({@code type, title, status, detail,
 * instance}): 503 with {@code Retry-After: 5} (seconds) when the connection is refused, times out after
 * {@code connect-timeout-ms} or no pooled connection frees up in that time; 504 when the target stays silent
 * for {@code response-timeout-ms}; 502 when it closes the connection without an answer or answers something that
 * is not HTTP (a request without body and with an idempotent method is first retried once on a fresh connection,
 * in case the target had closed the pooled one). When it fails while its
 * answer streams, the client connection is closed at once without completing the response, so a truncated body
 * never looks complete.
 *
 * <p>Metrics: timer {@value #METRIC} (seconds) tagged {@code route} (the route id) and {@code status}
 * ({@code 1xx}..{@code 5xx}, or {@code aborted} when either side broke off mid-stream).
 */
public class PassThroughProxy extends HttpServlet {

    /** Name of the Micrometer timer of pass-through requests. */
    public static final String METRIC = "ficus.passthrough.requests";

    /** Request and response header carrying the request id. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** Longest reason phrase passed on, in characters (Undertow's status line must fit one 16 KiB buffer). */
    static final int MAX_REASON_LENGTH = 1024;

    /** Seconds a client is told to wait after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(PassThroughProxy.class);

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer", "upgrade",
            "transfer-encoding");
    /** Request headers the proxy drops or sets itself. */
    private static final Set<String> REPLACED_ON_REQUEST = Set.of("host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded",
            "x-request-id");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(?i)(\\.|%2e){1,2}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** RFC 9112 section 4: {@code reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )}. */
    private static final Pattern REASON = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");

    private final transient Route route;
    private final transient MeterRegistry meters;
    private final transient CloseableHttpClient client;
    private final transient HttpHost targetHost;
    private final String targetBasePath;
    private final transient ObjectMapper json = new ObjectMapper();

    /**
     * @param route  the route this servlet serves
     * @param meters where the {@value #METRIC} timer goes
     */
    public PassThroughProxy(Route route, MeterRegistry meters) {
        this.route = route;
        this.meters = meters;
        URI target = route.target();
        this.targetHost = new HttpHost(target.getScheme(), target.getHost(), target.getPort());
        String base = target.getRawPath() == null ? "" : target.getRawPath();
        this.targetBasePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        Timeout connect = Timeout.ofMilliseconds(route.connectTimeoutMs());
        Timeout response = Timeout.ofMilliseconds(route.responseTimeoutMs());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(route.maxConnections())
                        .setMaxConnPerRoute(route.maxConnections())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(response)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(response)
                        .setProtocolUpgradeEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .disableContentCompression()     // pass gzip bytes as they are, never decode
                .disableRedirectHandling()       // redirects are the client's business
                // Only a request without body and with an idempotent method is retried, once, and only when the
                // target closed a pooled connection before answering; never on a timeout or refusal, never
                // because of the target's status (its 503 and 429 are the client's to see).
                .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ZERO_MILLISECONDS,
                        List.of(InterruptedIOException.class, UnknownHostException.class, ConnectException.class,
                                ConnectionClosedException.class, NoRouteToHostException.class, SSLException.class),
                        List.of()) { })
                .disableCookieManagement()       // never share one client's cookies with another
                .disableAuthCaching()
                .disableDefaultUserAgent()       // the client's User-Agent or none
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public void destroy() {
        client.close(CloseMode.GRACEFUL);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String requestId = requestId(request);
        MDC.put("requestId", requestId);
        String status = "aborted";
        try {
            status = forward(request, response, requestId);
        } finally {
            Timer.builder(METRIC).description("Pass-through requests by route and status class")
                    .tag("route", route.id()).tag("status", status)
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            MDC.remove("requestId");
        }
    }

    /** @return the status class answered, or {@code aborted} */
    private String forward(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        String path = targetPath(request);
        if (path == null) {
            return problem(request, response, requestId, 400, "Bad Request", "The path must start with "
                    + route.pathPrefix() + " literally and must not contain . or .. segments");
        }
        HttpUriRequestBase outgoing = new HttpUriRequestBase(request.getMethod(), route.target());
        outgoing.setPath(path);   // raw: no URI parsing, no normalisation, no re-encoding
        copyRequestHeaders(request, outgoing, requestId);
        ClientBody body = null;
        long length = request.getContentLengthLong();
        if (length >= 0 || request.getHeader("Transfer-Encoding") != null) {
            body = new ClientBody(request.getInputStream());
            outgoing.setEntity(new InputStreamEntity(body, length, null));
        }
        ClassicHttpResponse answer;
        try {
            answer = client.executeOpen(targetHost, outgoing, null);
        } catch (IOException e) {
            if (body != null && body.failure != null) {
                log.info("{} {} {}: the client's request body could not be read: {}", route.id(),
                        request.getMethod(), request.getRequestURI(), body.failure.toString());
                try {
                    return problem(request, response, requestId, 400, "Bad Request",
                            "The request body could not be read");
                } catch (IOException clientGone) {
                    return "aborted";
                }
            }
            return failure(request, response, requestId, e);
        }
        try {
            response.setStatus(answer.getCode());
            reasonPhrase(answer.getReasonPhrase());
            copyResponseHeaders(answer, response);
            response.setHeader(REQUEST_ID, requestId);
            HttpEntity entity = answer.getEntity();
            if (entity != null && entity.getContentLength() < 0 && "HTTP/1.1".equals(request.getProtocol())) {
                // Chunked even when this connection closes afterwards (Undertow would delimit the body by closing
                // the connection): only a last chunk tells the client the body is complete, not truncated.
                response.setHeader("Transfer-Encoding", "chunked");
            }
            String failed = entity == null ? null : stream(request, response, outgoing, entity, requestId);
            return failed != null ? failed : statusClass(answer.getCode());
        } finally {
            closeQuietly(answer);
        }
    }

    /**
     * Copies the target's body to the client.
     *
     * @return null when the whole body went through; otherwise (the outgoing request is then cancelled) the
     *         status class of the problem answered, or {@code aborted} when either side broke off mid-stream
     */
    private String stream(HttpServletRequest request, HttpServletResponse response, HttpUriRequestBase outgoing,
                           HttpEntity entity, String requestId) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        OutputStream out = response.getOutputStream();
        try (InputStream in = entity.getContent()) {
            while (true) {
                int n;
                boolean more;
                try {
                    n = in.read(buffer);
                    more = n > 0 && in.available() > 0;
                } catch (IOException e) {
                    outgoing.cancel();
                    if (!response.isCommitted()) {
                        response.reset();
                        return failure(request, response, requestId, e);
                    }
                    log.warn("{} {} {}: target failed while its answer streamed; closing the client connection: {}",
                            route.id(), request.getMethod(), request.getRequestURI(), e.toString());
                    closeClientConnection();
                    return "aborted";
                }
                if (n < 0) {
                    return null;
                }
                try {
                    out.write(buffer, 0, n);
                    if (!more) {
                        out.flush();   // nothing more buffered from the target: let the client see it now
                    }
                } catch (IOException e) {
                    outgoing.cancel();   // do not drain the rest of the target's body for nobody
                    log.info("{} {} {}: client went away while the answer streamed: {}", route.id(),
                            request.getMethod(), request.getRequestURI(), e.toString());
                    return "aborted";
                }
            }
        }
    }

    /** Maps a failure before the target's answer started to a problem answer. */
    private String failure(HttpServletRequest request, HttpServletResponse response, String requestId,
                           IOException e) throws IOException {
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof ConnectionRequestTimeoutException) {
            log.warn("{} {} {}: target {} unreachable: {}", route.id(), request.getMethod(), request.getRequestURI(),
                    route.target(), e.toString());
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            return problem(request, response, requestId, 503, "Service Unavailable",
                    "Pass-through route " + route.id() + ": the target cannot be reached");
        }
        if (e instanceof SocketTimeoutException) {
            log.warn("{} {} {}: target silent for {} ms", route.id(), request.getMethod(), request.getRequestURI(),
                    route.responseTimeoutMs());
            return problem(request, response, requestId, 504, "Gateway Timeout", "Pass-through route "
                    + route.id() + ": the target did not answer within " + route.responseTimeoutMs() + " ms");
        }
        log.warn("{} {} {}: target closed the connection or answered something that is not HTTP: {}", route.id(),
                request.getMethod(), request.getRequestURI(), e.toString());
        return problem(request, response, requestId, 502, "Bad Gateway", "Pass-through route " + route.id()
                + ": the target closed the connection without a valid HTTP answer");
    }

    /** Writes an RFC 9457 problem (same shape as {@code dev.ficus.facade.Problems}). */
    private String problem(HttpServletRequest request, HttpServletResponse response, String requestId, int status,
                           String title, String detail) throws IOException {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        byte[] bytes = json.writeValueAsBytes(problem);
        response.setStatus(status);
        reasonPhrase(null);
        response.setContentType("application/problem+json");
        response.setHeader(REQUEST_ID, requestId);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return statusClass(status);
    }

    /**
     * @return the target's path and query for this request, or null when the raw path does not start with the
     *         prefix literally or contains a dot segment
     */
    private String targetPath(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String prefix = request.getContextPath() + route.pathPrefix();
        if (!raw.startsWith(prefix)) {
            return null;
        }
        String rest = raw.substring(prefix.length());
        if (!rest.isEmpty() && rest.charAt(0) != '/') {
            return null;
        }
        // an encoded slash (or backslash) separates segments for a target that decodes it: check those too
        for (String segment : rest.split("(?i)/|%2f|%5c", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (DOT_SEGMENT.matcher(name).matches()) {
                return null;
            }
        }
        String path = targetBasePath + rest;
        if (path.isEmpty()) {
            path = "/";
        }
        String query = request.getQueryString();
        return query == null ? path : path + "?" + query;
    }

    private void copyRequestHeaders(HttpServletRequest request, HttpUriRequestBase outgoing, String requestId) {
        Set<String> connectionListed = listedIn(request.getHeaders("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (REPLACED_ON_REQUEST.contains(lower) || isHopByHop(lower, connectionListed) || isInternal(lower)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                outgoing.addHeader(name, value);
            }
        }
        String client = request.getRemoteAddr();
        String host = request.getHeader("Host");
        String scheme = request.getScheme();
        String forwardedFor = joined(request.getHeaders("X-Forwarded-For"));
        outgoing.setHeader("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        if (host != null) {
            outgoing.setHeader("X-Forwarded-Host", host);
        }
        outgoing.setHeader("X-Forwarded-Proto", scheme);
        outgoing.setHeader("X-Forwarded-Port", String.valueOf(request.getServerPort()));
        String element = "for=" + forwardedValue(client.contains(":") ? "[" + client + "]" : client)
                + (host == null ? "" : ";host=" + forwardedValue(host)) + ";proto=" + scheme;
        String forwarded = joined(request.getHeaders("Forwarded"));
        outgoing.setHeader("Forwarded", forwarded == null ? element : forwarded + ", " + element);
        outgoing.setHeader(REQUEST_ID, requestId);
    }

    private static void copyResponseHeaders(ClassicHttpResponse answer, HttpServletResponse response) {
        Set<String> connectionListed = listedIn(Collections.enumeration(
                java.util.Arrays.stream(answer.getHeaders("Connection")).map(Header::getValue).toList()));
        HttpServerExchange exchange = currentExchange();
        for (Header header : answer.getHeaders()) {
            String lower = header.getName().toLowerCase(Locale.ROOT);
            if (isHopByHop(lower, connectionListed) || isInternal(lower) || lower.equals("x-request-id")) {
                continue;
            }
            if (lower.equals("content-type") && exchange != null) {
                // as sent: the servlet container would rewrite "a/b; charset=x" as "a/b;charset=x"
                exchange.getResponseHeaders().add(Headers.CONTENT_TYPE, header.getValue());
            } else {
                response.addHeader(header.getName(), header.getValue());
            }
        }
    }

    private static boolean isHopByHop(String lowerName, Set<String> connectionListed) {
        return HOP_BY_HOP.contains(lowerName) || lowerName.startsWith("proxy-") || connectionListed.contains(lowerName);
    }

    /** Camel's control headers, which must never cross the proxy in either direction. */
    private static boolean isInternal(String lowerName) {
        return lowerName.startsWith("camel") || lowerName.startsWith("org.apache.camel.");
    }

    private static Set<String> listedIn(Enumeration<String> connectionValues) {
        Set<String> names = new HashSet<>();
        for (String value : Collections.list(connectionValues)) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    names.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    private static String joined(Enumeration<String> values) {
        String joined = String.join(", ", Collections.list(values));
        return joined.isBlank() ? null : joined;
    }

    /** An RFC 7239 value: a token as is, anything else as a quoted-string. */
    private static String forwardedValue(String value) {
        return TOKEN.matcher(value).matches() ? value
                : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String requestId(HttpServletRequest request) {
        String id = request.getHeader(REQUEST_ID);
        return RequestIds.isSafeRequestId(id) ? id : UUID.randomUUID().toString();
    }

    /**
     * Sets the reason phrase of the status line about to be written (null: the standard one for the code). The
     * Servlet API has no way to do that since Servlet 6, so this talks to Undertow's exchange directly.
     */
    private static void reasonPhrase(String reason) {
        HttpServerExchange exchange = currentExchange();
        if (exchange == null) {
            return;
        }
        boolean valid = reason != null && reason.length() <= MAX_REASON_LENGTH && REASON.matcher(reason).matches();
        if (reason != null && !valid) {
            log.debug("target's reason phrase replaced by the standard one: {}", reason);
        }
        exchange.setReasonPhrase(valid ? reason : null);
    }

    /**
     * Closes the client's connection at once, so the response in progress is never completed (no final chunk, no
     * error page appended): the client sees a truncated answer as truncated. The Servlet API cannot do that.
     */
    private static void closeClientConnection() {
        HttpServerExchange exchange = currentExchange();
        if (exchange != null) {
            try {
                exchange.getConnection().close();
            } catch (IOException e) {
                log.debug("closing the client connection failed", e);
            }
        }
    }

    /** @return Undertow's exchange of the request this thread serves, or null outside Undertow */
    private static HttpServerExchange currentExchange() {
        ServletRequestContext context = ServletRequestContext.current();
        return context == null ? null : context.getExchange();
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

    /** The client's request body; remembers whether reading it failed, to tell client from target failures. */
    private static final class ClientBody extends FilterInputStream {

        volatile IOException failure;

        ClientBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
