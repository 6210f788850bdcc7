package dev.ficus.facade.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.facade.proxy.RawBackend.Received;
import dev.ficus.facade.proxy.RawClient.Answer;
import dev.ficus.platform.web.FicusHeaders;
import dev.ficus.testsupport.FreePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pass-through proxy on Undertow + Spring MVC against real backends: a raw-socket backend that records requests
 * byte for byte, WireMock, a closed port and a backend that never answers. Clients are raw sockets so every byte
 * sent and received is the test's.
 */
@SpringBootTest(classes = PassThroughTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PassThroughProxyIT {

    static final RawBackend RAW = startRaw();
    static final WireMockServer WIREMOCK = startWireMock();
    static final int CLOSED_PORT = FreePorts.next();
    static final int SLOW_TIMEOUT_MS = 1000;
    static final int CONNECT_TIMEOUT_MS = 1000;
    static final long MARGIN_MS = 1500;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        route(registry, 0, "raw", "/raw", "http://127.0.0.1:" + RAW.port() + "/base", 2000, 5000);
        route(registry, 1, "wm", "/wm", "http://localhost:" + WIREMOCK.port(), 2000, 5000);
        route(registry, 2, "slow", "/slow", "http://127.0.0.1:" + RAW.port(), 2000, SLOW_TIMEOUT_MS);
        route(registry, 3, "down", "/down", "http://127.0.0.1:" + CLOSED_PORT, CONNECT_TIMEOUT_MS, 5000);
        route(registry, 4, "metered", "/metered", "http://127.0.0.1:" + RAW.port(), 2000, 5000);
        route(registry, 5, "narrow", "/narrow", "http://127.0.0.1:" + RAW.port(), CONNECT_TIMEOUT_MS, 3000);
        registry.add("facade.passthrough.routes[5].max-connections", () -> 1);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void reset() {
        RAW.received.clear();
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2")
                .withBody("ok");
        WIREMOCK.resetAll();
        WIREMOCK.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterAll
    static void stopBackends() throws IOException {
        RAW.close();
        WIREMOCK.stop();
    }

    @Test
    void shouldSendTheTargetsHostAndTheClientsInForwardedHeaders() throws Exception {
        Answer answer = RawClient.exchange(port, String.join("\r\n",
                "GET /wm/where HTTP/1.1",
                "Host: shop.example:8443",
                "X-Forwarded-For: 203.0.113.7",
                "Forwarded: for=203.0.113.7;proto=https",
                "X-Forwarded-Proto: gopher",
                "Connection: close"));

        assertThat(answer.status()).isEqualTo(200);
        LoggedRequest received = WIREMOCK.getAllServeEvents().get(0).getRequest();
        assertThat(received.getUrl()).isEqualTo("/where");
        assertThat(received.getHeader("Host")).isEqualTo("localhost:" + WIREMOCK.port());
        assertThat(received.getHeader("X-Forwarded-Host")).isEqualTo("shop.example:8443");
        assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(received.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.getHeader("X-Forwarded-Port")).isEqualTo("8443");
        assertThat(received.getHeader("Forwarded"))
                .isEqualTo("for=203.0.113.7;proto=https, for=127.0.0.1;host=\"shop.example:8443\";proto=http");
    }

    @Test
    void shouldSetForwardedHeadersForAClientWithoutProxiesInFront() throws Exception {
        RawClient.exchange(port, "GET /raw/x HTTP/1.1\r\nHost: shop.example\r\nConnection: close");

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + RAW.port());
        assertThat(received.all("Host")).hasSize(1);
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("shop.example");
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Port")).isEqualTo("80");
        assertThat(received.header("Forwarded")).isEqualTo("for=127.0.0.1;host=shop.example;proto=http");
    }

    @Test
    void shouldPassPathAndQueryByteForByte() throws Exception {
        String pathAndQuery = "/a%2Fb/c%20d/e%25f/g%2Bh/caf%C3%A9/%e2%82%ac;v=1/x+y/(1)!$&'*,=:@~"
                + "?q=a%2Fb&sp=%20&pct=%25&plus=%2B&lit=a+b&utf=%C3%A9&lower=%c3%a9&empty=&flag";

        Answer answer = RawClient.exchange(port, "GET /raw" + pathAndQuery + " HTTP/1.1\r\nHost: ficus\r\n"
                + "Connection: close");

        assertThat(answer.status()).isEqualTo(200);
        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.requestLine()).isEqualTo("GET /base" + pathAndQuery + " HTTP/1.1");
        assertThat(received.names()).doesNotContain("q", "sp", "pct", "plus", "lit", "utf", "lower", "empty", "flag");
    }

    @Test
    void shouldForwardTheTargetRootForThePrefixAlone() throws Exception {
        RawClient.exchange(port, "GET /raw?x=1 HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(RAW.received.poll(5, TimeUnit.SECONDS).requestLine()).isEqualTo("GET /base?x=1 HTTP/1.1");
    }

    @Test
    void shouldRefuseDotSegmentsThatWouldLeaveTheTargetPath() throws Exception {
        Answer answer = RawClient.exchange(port, "GET /raw/a/%2e%2E/b HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(RAW.received).isEmpty();
    }

    @Test
    void shouldRefuseDotSegmentsHiddenBehindAnEncodedSlash() throws Exception {
        Answer answer = RawClient.exchange(port,
                "GET /raw/a/%2e%2e%2f%2e%2e%2fetc HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(RAW.received).isEmpty();
    }

    @Test
    void shouldDropHopByHopHeadersInBothDirections() throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK",
                "Connection: keep-alive, X-Backend-Hop",
                "X-Backend-Hop: secret",
                "Keep-Alive: timeout=5, max=7",
                "Upgrade: h2c",
                "Proxy-Authenticate: Basic realm=\"p\"",
                "Trailer: X-Checksum",
                "X-End-To-End: kept",
                "Content-Length: 2").withBody("ok");

        Answer answer = RawClient.exchange(port, String.join("\r\n",
                "GET /raw/hop HTTP/1.1",
                "Host: ficus",
                "Connection: close, X-Client-Hop",
                "X-Client-Hop: secret",
                "Keep-Alive: timeout=5",
                "TE: trailers",
                "Trailer: X-Checksum",
                "Upgrade: websocket",
                "Proxy-Authorization: Basic dXNlcjpwYXNz",
                "Proxy-Connection: keep-alive",
                "X-End-To-End: kept"));

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.names()).doesNotContain("x-client-hop", "keep-alive", "te", "trailer", "upgrade",
                "proxy-authorization", "proxy-connection", "transfer-encoding");
        assertThat(received.all("Connection")).allSatisfy(c -> assertThat(c).doesNotContainIgnoringCase("client-hop"));
        assertThat(received.header("X-End-To-End")).isEqualTo("kept");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-End-To-End")).isEqualTo("kept");
        assertThat(answer.headers()).extracting(h -> h.getKey().toLowerCase())
                .doesNotContain("x-backend-hop", "keep-alive", "upgrade", "proxy-authenticate", "trailer",
                        "transfer-encoding");
        // the server's own Connection header for this hop (the client asked to close), never the backend's
        assertThat(answer.all("Connection")).containsExactly("close");
        assertThat(answer.text()).isEqualTo("ok");
    }

    @Test
    void shouldDropCamelControlHeadersInBothDirections() throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK",
                "CamelHttpResponseCode: 500",
                "camelFileName: /etc/passwd",
                "org.apache.camel.Leak: yes",
                "Content-Length: 2").withBody("ok");

        Answer answer = RawClient.exchange(port, String.join("\r\n",
                "GET /raw/orders HTTP/1.1",
                "Host: ficus",
                "CamelHttpUri: http://evil.example/",
                "camelhttppath: /admin",
                "CAMELHTTPMETHOD: DELETE",
                "CamelHttpQuery: drop=all",
                "org.apache.camel.Whatever: x",
                "X-Not-Camel: kept",
                "Connection: close"));

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.requestLine()).isEqualTo("GET /base/orders HTTP/1.1");
        assertThat(received.names()).noneMatch(n -> n.startsWith("camel") || n.startsWith("org.apache.camel"));
        assertThat(received.header("X-Not-Camel")).isEqualTo("kept");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).extracting(h -> h.getKey().toLowerCase())
                .noneMatch(n -> n.startsWith("camel") || n.startsWith("org.apache.camel"));
    }

    @Test
    void shouldPassGzipBytesThroughWithTheirContentEncoding() throws Exception {
        String text = "<products>" + "<product id=\"11\">Queso Cabrales</product>".repeat(200) + "</products>";
        byte[] gzipped = gzip(text);
        WIREMOCK.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withHeader("Content-Encoding", "gzip")
                .withHeader("Content-Length", String.valueOf(gzipped.length)).withBody(gzipped)));

        Answer answer = RawClient.exchange(port, "GET /wm/products HTTP/1.1\r\nHost: ficus\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\nConnection: close");

        assertThat(WIREMOCK.getAllServeEvents().get(0).getRequest().getHeader("Accept-Encoding"))
                .isEqualTo("gzip, deflate, br");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(answer.header("Content-Length")).isEqualTo(String.valueOf(gzipped.length));
        assertThat(answer.body()).isEqualTo(gzipped);
        assertThat(new String(new GZIPInputStream(new java.io.ByteArrayInputStream(answer.body())).readAllBytes(),
                StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void shouldSendAKnownLengthWithContentLengthNotChunked() throws Exception {
        byte[] body = "{\"sku\":\"11\",\"qty\":3}".getBytes(StandardCharsets.UTF_8);

        RawClient.exchange(port, "POST /raw/orders HTTP/1.1\r\nHost: ficus\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close", body);

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.chunked()).isFalse();
        assertThat(received.header("Transfer-Encoding")).isNull();
        assertThat(received.header("Content-Length")).isEqualTo(String.valueOf(body.length));
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void shouldForwardABodyOnDeleteEvenAFormBody() throws Exception {
        byte[] body = "reason=duplicate&by=till-7".getBytes(StandardCharsets.US_ASCII);

        Answer answer = RawClient.exchange(port, "DELETE /raw/orders/9 HTTP/1.1\r\nHost: ficus\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + "\r\nConnection: close", body);

        assertThat(answer.status()).isEqualTo(200);
        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.requestLine()).isEqualTo("DELETE /base/orders/9 HTTP/1.1");
        assertThat(received.header("Content-Length")).isEqualTo(String.valueOf(body.length));
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void shouldStreamAChunkedRequestChunked() throws Exception {
        byte[] chunked = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        RawClient.exchange(port, "PUT /raw/notes/1 HTTP/1.1\r\nHost: ficus\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close", chunked);

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.chunked()).isTrue();
        assertThat(received.header("Content-Length")).isNull();
        assertThat(new String(received.body(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void shouldDropAConnectionWhoseChunkedFramingIsBrokenNeverAnswering502() throws Exception {
        // Where the message ends is unknowable: Undertow closes the connection (RFC 9112 section 11.2 allows it)
        // and the proxy must not turn the broken request into a target failure.
        byte[] broken = "5\r\nhello\r\nFFFFFFFFFFFFFFFFFFFF\r\n".getBytes(StandardCharsets.US_ASCII);
        long aborted = count("raw", "aborted");
        long targetErrors = count("raw", "5xx");

        assertThatThrownBy(() -> RawClient.exchange(port, "POST /raw/notes HTTP/1.1\r\nHost: ficus\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close", broken))
                .hasMessageContaining("connection closed before the status line");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("raw", "aborted") == aborted + 1);
        assertThat(count("raw", "5xx")).isEqualTo(targetErrors);
        drainReceived();
    }

    @Test
    void shouldAnswer400WhenTheClientStopsSendingMidBodyNot502() throws Exception {
        try (RawClient client = new RawClient(port)) {
            client.send("POST /raw/notes HTTP/1.1\r\nHost: ficus\r\nContent-Length: 100\r\nConnection: close",
                    "only part of it".getBytes(StandardCharsets.US_ASCII));
            client.halfClose();
            client.readHead();
            Answer answer = client.readBody(false);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.text()).contains("The request body could not be read");
        }
        drainReceived();
    }

    /** The target may have seen the start of a request whose body then broke: not for the next test. */
    private static void drainReceived() throws InterruptedException {
        RAW.received.poll(1, TimeUnit.SECONDS);
        RAW.received.clear();
    }

    @Test
    void shouldRetryAnIdempotentRequestOnceWhenThePooledConnectionWasClosedByTheTarget() throws Exception {
        // The target answers keep-alive, then hangs up at once: the pooled connection is dead when reused.
        RAW.responder = (request, socket, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.close();
        };
        RawClient.exchange(port, "GET /metered/first HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        Answer get = RawClient.exchange(port, "GET /metered/second HTTP/1.1\r\nHost: ficus\r\nConnection: close");
        Answer post = RawClient.exchange(port, "POST /metered/third HTTP/1.1\r\nHost: ficus\r\n"
                + "Content-Length: 2\r\nConnection: close", "{}".getBytes(StandardCharsets.US_ASCII));

        assertThat(get.status()).isEqualTo(200);
        assertThat(post.status()).as("a streamed body is never sent twice").isIn(200, 502);
        assertThat(RAW.received).extracting(Received::requestLine).filteredOn(l -> l.startsWith("POST"))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldPassARedirectToTheClientWithoutFollowingIt() throws Exception {
        String location = "http://127.0.0.1:" + RAW.port() + "/elsewhere";
        RAW.responder = RawBackend.reply("HTTP/1.1 302 Found", "Location: " + location, "Content-Length: 0");

        Answer answer = RawClient.exchange(port, "GET /raw/old HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).isEqualTo(location);
        assertThat(RAW.received).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 204, 299, 301, 303, 304, 307, 308, 400, 401, 404, 409, 418, 429, 451, 500, 502,
            503, 504, 599})
    void shouldPreserveTheStatusCode(int status) throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 " + status + " Backend Reason " + status, "Retry-After: 7",
                "WWW-Authenticate: Basic realm=\"retailcore\"", "Content-Length: 0");

        Answer answer = RawClient.exchange(port, "GET /raw/s HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Retry-After")).isEqualTo("7");   // the backend's own, untouched
        assertThat(RAW.received).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"418 Short And Stout", "200 Fine, Thanks", "404 Nicht gefunden", "503 ", "299 Tab\tSeparated"})
    void shouldPreserveTheReasonPhraseByteForByte(String codeAndReason) throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 " + codeAndReason, "Content-Length: 0");

        Answer answer = RawClient.exchange(port, "GET /raw/reason HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 " + codeAndReason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml; charset=UTF-8", "text/plain;charset=iso-8859-1",
            "application/vnd.retailcore+xml; version=\"2\"; charset=utf-8", "multipart/mixed; boundary=\"a b\""})
    void shouldPassTheContentTypeAsSent(String contentType) throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK", "Content-Type: " + contentType, "Content-Length: 2")
                .withBody("ok");

        Answer answer = RawClient.exchange(port, "GET /raw/typed HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.all("Content-Type")).containsExactly(contentType);
        assertThat(answer.text()).isEqualTo("ok");
    }

    @Test
    void shouldPreserveAReasonPhraseWithObsText() throws Exception {
        // RFC 9112 obs-text (bytes 0x80-0xFF): "Ungültig" in ISO-8859-1 reaches the client as the same bytes
        RAW.responder = RawBackend.reply("HTTP/1.1 422 Ung\u00fcltig", "Content-Length: 0");

        Answer answer = RawClient.exchange(port, "GET /raw/reason HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 422 Ung\u00fcltig");
    }

    @Test
    void shouldAnswerTheStandardReasonPhraseOnItsOwnProblems() throws Exception {
        Answer answer = RawClient.exchange(port, "GET /raw/a/%2e%2e/b HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void shouldHoldManyRequestsInFlightAtOnce() throws Exception {
        // Each target answer waits until all requests have reached the target: that only happens when the server
        // runs them all at once (Undertow's default of 8 worker threads per core would hold 16 on this machine).
        int inFlight = 60;
        CountDownLatch allArrived = new CountDownLatch(inFlight);
        RawBackend.Reply ok = RawBackend.reply("HTTP/1.1 200 OK", "Content-Length: 2").withBody("ok");
        RawBackend.Reply tooFew = RawBackend.reply("HTTP/1.1 503 Too Few At Once", "Content-Length: 0");
        RAW.responder = (request, socket, in, out) -> {
            allArrived.countDown();
            (allArrived.await(20, TimeUnit.SECONDS) ? ok : tooFew).respond(request, socket, in, out);
        };
        ExecutorService clients = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                answers.add(clients.submit(() -> RawClient.exchange(port,
                        "GET /raw/together HTTP/1.1\r\nHost: ficus\r\nConnection: close")));
            }
            for (Future<Answer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusLine()).isEqualTo("HTTP/1.1 200 OK");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void shouldAnswer504WithinTheResponseTimeoutWhenTheBackendIsSilent() throws Exception {
        RAW.responder = silent();
        long started = System.nanoTime();

        Answer answer = RawClient.exchange(port, "GET /slow/products HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsedMs).isBetween((long) SLOW_TIMEOUT_MS - 50, SLOW_TIMEOUT_MS + MARGIN_MS);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo("Gateway Timeout");
        assertThat(problem.get("status").asInt()).isEqualTo(504);
        assertThat(problem.get("detail").asText()).contains(SLOW_TIMEOUT_MS + " ms");
        assertThat(problem.get("instance").asText()).isEqualTo("/slow/products");
        assertThat(answer.header(FicusHeaders.REQUEST_ID)).isNotBlank();
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheConnectionIsRefused() throws Exception {
        long started = System.nanoTime();

        Answer answer = RawClient.exchange(port, "POST /down/orders HTTP/1.1\r\nHost: ficus\r\nContent-Length: 2\r\n"
                + "Connection: close", "{}".getBytes(StandardCharsets.US_ASCII));

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsedMs).isLessThan(CONNECT_TIMEOUT_MS + MARGIN_MS);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("title").asText()).isEqualTo("Service Unavailable");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("instance").asText()).isEqualTo("/down/orders");
        assertThat(problem.has("detail")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> timer("down", "5xx") != null);
    }

    @Test
    void shouldAnswer503WithinTheConnectTimeoutWhenNoPooledConnectionFreesUp() throws Exception {
        RAW.responder = silent();
        CompletableFuture<Answer> holdsTheOnlyConnection = CompletableFuture.supplyAsync(() -> {
            try {
                return RawClient.exchange(port, "GET /narrow/a HTTP/1.1\r\nHost: ficus\r\nConnection: close");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(RAW.received.poll(5, TimeUnit.SECONDS)).isNotNull();
        long started = System.nanoTime();

        Answer answer = RawClient.exchange(port, "GET /narrow/b HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(elapsedMs).isLessThan(CONNECT_TIMEOUT_MS + MARGIN_MS);
        assertThat(holdsTheOnlyConnection.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
    }

    @Test
    void shouldAnswerExpectContinueItselfAndNotForwardExpect() throws Exception {
        byte[] body = "{\"qty\":1}".getBytes(StandardCharsets.US_ASCII);
        try (RawClient client = new RawClient(port)) {
            client.send("POST /raw/orders HTTP/1.1\r\nHost: ficus\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close", new byte[0]);
            client.readHead();
            Answer interim = client.readBody(false);
            assertThat(interim.status()).isEqualTo(100);
            client.send(body);
            client.readHead();
            assertThat(client.readBody(false).status()).isEqualTo(200);
        }

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.header("Expect")).isNull();
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void shouldCloseTheClientConnectionWhenTheBackendFailsMidStreamWithContentLength() throws Exception {
        Answer answer = failMidStream("Content-Length: 100000");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Length")).isEqualTo("100000");
        assertThat(answer.complete()).isFalse();
        assertThat(answer.body()).hasSizeLessThan(100000).containsOnly((byte) 'x');
    }

    @Test
    void shouldCloseTheClientConnectionWithoutALastChunkWhenAChunkedBackendFailsMidStream() throws Exception {
        Answer answer = failMidStream("Transfer-Encoding: chunked");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(answer.complete()).as("the answer must not end with a last chunk").isFalse();
        assertThat(answer.body()).as("nothing appended, e.g. an error page").hasSize(1000).containsOnly((byte) 'x');
        await().atMost(Duration.ofSeconds(5)).until(() -> timer("raw", "aborted") != null);
    }

    @Test
    void shouldForwardTheClientsRequestIdAndTraceContextAndReturnTheId() throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK", "X-Request-Id: backend-made-this", "Content-Length: 0");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        Answer answer = RawClient.exchange(port, String.join("\r\n",
                "GET /raw/p HTTP/1.1", "Host: ficus", "X-Request-Id: till-7:req-42",
                "traceparent: " + traceparent, "tracestate: rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                "Connection: close"));

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        assertThat(received.all("X-Request-Id")).containsExactly("till-7:req-42");
        assertThat(received.header("traceparent")).isEqualTo(traceparent);
        assertThat(received.header("tracestate")).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
        assertThat(answer.all("X-Request-Id")).containsExactly("till-7:req-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X-Request-Id: till-7/req-42\r\n", "X-Request-Id: <script>\r\n"})
    void shouldCreateARequestIdWhenTheClientSendsNoneOrAnUnsafeOne(String requestIdLine) throws Exception {
        Answer answer = RawClient.exchange(port, "GET /raw/p HTTP/1.1\r\nHost: ficus\r\n" + requestIdLine
                + "Connection: close");

        Received received = RAW.received.poll(5, TimeUnit.SECONDS);
        String id = received.header("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(answer.all("X-Request-Id")).containsExactly(id);
    }

    @Test
    void shouldTimeRequestsPerRouteAndStatusClass() throws Exception {
        RAW.responder = RawBackend.reply("HTTP/1.1 404 Not Found", "Content-Length: 0");
        RawClient.exchange(port, "GET /metered/p HTTP/1.1\r\nHost: ficus\r\nConnection: close");
        RAW.responder = RawBackend.reply("HTTP/1.1 200 OK", "Content-Length: 0");
        RawClient.exchange(port, "GET /metered/p HTTP/1.1\r\nHost: ficus\r\nConnection: close");
        RawClient.exchange(port, "GET /metered/p HTTP/1.1\r\nHost: ficus\r\nConnection: close");

        // recorded once the exchange is over, which may be just after the client has read the answer
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(timer("metered", "4xx")).isNotNull().extracting(Timer::count).isEqualTo(1L);
            assertThat(timer("metered", "2xx")).isNotNull().extracting(Timer::count).isEqualTo(2L);
        });
        assertThat(timer("metered", "2xx").totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    /** A backend that accepts the request and says nothing until the proxy hangs up. */
    private static RawBackend.Responder silent() {
        return (request, socket, in, out) -> {
            while (in.read() != -1) {
                // silence
            }
            socket.close();
        };
    }

    /** The backend sends the head and 1000 bytes, waits until the client saw the head, then drops the line. */
    private Answer failMidStream(String framing) throws Exception {
        CountDownLatch clientSawHead = new CountDownLatch(1);
        boolean chunked = framing.contains("chunked");
        RAW.responder = (request, socket, in, out) -> {
            byte[] part = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 200 OK\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (chunked) {
                out.write("3e8\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(part);
            if (chunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            clientSawHead.await(10, TimeUnit.SECONDS);
            socket.close();
        };
        try (RawClient client = new RawClient(port)) {
            client.send("GET /raw/big HTTP/1.1\r\nHost: ficus\r\nConnection: close", new byte[0]);
            client.readHead();
            clientSawHead.countDown();
            return client.readBody(false);
        }
    }

    private Timer timer(String route, String status) {
        return meters.find(PassThroughProxy.METRIC).tags("route", route, "status", status).timer();
    }

    private long count(String route, String status) {
        Timer timer = timer(route, status);
        return timer == null ? 0 : timer.count();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void route(DynamicPropertyRegistry registry, int i, String id, String prefix, String target,
                              int connectTimeoutMs, int responseTimeoutMs) {
        String key = "facade.passthrough.routes[" + i + "].";
        registry.add(key + "id", () -> id);
        registry.add(key + "path-prefix", () -> prefix);
        registry.add(key + "target", () -> target);
        registry.add(key + "connect-timeout-ms", () -> connectTimeoutMs);
        registry.add(key + "response-timeout-ms", () -> responseTimeoutMs);
    }

    private static RawBackend startRaw() {
        try {
            return new RawBackend();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the raw backend", e);
        }
    }

    private static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(options().dynamicPort().gzipDisabled(true));
        server.start();
        return server;
    }
}
