package dev.ficus.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fault injection: RetailCore is a WireMock server that answers garbage, faults, slowly, or not at all, and the
 * façade must answer RFC 9457 problems with the right status, in time, and never leak client headers to it.
 * The last tests stop the server, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// tracing on, as in production (Spring Boot's tests switch it off): RetailCore gets the legacy call's own span
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(metrics = false,
        tracing = true)
class FacadeFaultsIT {

    static final WireMockServer RETAILCORE = started();
    static final long PRODUCT_TIMEOUT_MS = 500;
    static final int OWN_ARTEMIS_PORT = FreePorts.next();
    static final Path OWN_DATA_DIR = FicusTestOptions.tempDir("ficus-faults");

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newEmptyDatabase("faults");

    @DynamicPropertySource
    static void legacyIsWireMock(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).legacyHttpAt(RETAILCORE.baseUrl())
                .artemisPort(OWN_ARTEMIS_PORT)
                .embeddedBrokerId(2)   // one JVM may hold several test applications: each broker needs its own id
                .withoutCdc().dataDir(OWN_DATA_DIR).routesReloadOff()
                .set("facade.routes.facade-get-product.timeout-ms", PRODUCT_TIMEOUT_MS)
                .productsCacheTtlMs(0)
                .set("camel.resilience4j.minimum-number-of-calls", 5)
                .set("camel.resilience4j.sliding-window-size", 10)
                .registerIn(registry);
    }

    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(facade(path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI facade(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    @Order(1)
    void shouldAnswer502WhenRetailCoreAnswersMalformedXml() throws Exception {
        RETAILCORE.stubFor(WireMock.get(urlPathEqualTo("/retailcore/customers/MALF1")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/xml").withBody("<CUSTOMER><CUSTOMER_ID>M")));

        assertProblem(get("/api/v1/customers/MALF1"), 502);
    }

    @Test
    @Order(2)
    void shouldAnswer502WhenRetailCoreAnswersAnUnexpectedDocument() throws Exception {
        RETAILCORE.stubFor(WireMock.get(urlPathEqualTo("/retailcore/customers/ODD01")).willReturn(aResponse()
                .withStatus(200).withBody("<ERROR><CODE>OOPS</CODE></ERROR>")));
        RETAILCORE.stubFor(WireMock.get(urlPathEqualTo("/retailcore/customers/NPE01")).willReturn(aResponse()
                .withStatus(500).withBody("java.lang.NullPointerException at com.retailcore.Foo")));

        assertProblem(get("/api/v1/customers/ODD01"), 502);
        HttpResponse<String> serverError = get("/api/v1/customers/NPE01");
        assertProblem(serverError, 502);
        assertThat(serverError.body()).doesNotContain("NullPointerException");
    }

    @Test
    @Order(3)
    void shouldAnswer504WithinTheRouteTimeoutWhenRetailCoreIsSlow() throws Exception {
        RETAILCORE.stubFor(WireMock.get(urlPathEqualTo("/retailcore/products/4")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(5_000).withBody("<PRODUCT/>")));

        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/v1/products/4");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertProblem(response, 504);
        assertThat(elapsed).isLessThan(Duration.ofMillis(PRODUCT_TIMEOUT_MS + 2_000));
    }

    @Test
    @Order(4)
    void shouldForwardRequestIdAndTraceButNoClientOrCamelHeaders() throws Exception {
        RETAILCORE.stubFor(WireMock.get(urlPathEqualTo("/retailcore/customers/ALFKI")).willReturn(aResponse()
                .withStatus(404).withBody("<ERROR><CODE>NOT_FOUND</CODE></ERROR>")));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        HttpResponse<String> response = send(HttpRequest.newBuilder(facade("/api/v1/customers/ALFKI?debug=1"))
                .header("X-Request-Id", "req-123")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("X-Secret-Token", "s3cr3t")
                .header("CamelHttpUri", "http://evil.example/steal")
                .header("camelhttppath", "/retailcore/admin").build());

        assertProblem(response, 404);
        RETAILCORE.verify(getRequestedFor(urlPathEqualTo("/retailcore/customers/ALFKI"))
                .withHeader("X-Request-Id", equalTo("req-123"))
                .withHeader("traceparent", matching("00-" + traceId + "-(?!00f067aa0ba902b7)[0-9a-f]{16}-01"))
                .withHeader("X-Secret-Token", absent())
                .withHeader("debug", absent())
                .withHeader("CamelHttpUri", absent())
                .withHeader("camelhttppath", absent()));
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
    }

    @Test
    @Order(5)
    void shouldAnswer503WithRetryAfterWhenRetailCoreRefusesConnections() throws Exception {
        RETAILCORE.stop();

        HttpResponse<String> response = get("/api/v1/products/5");

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    @Test
    @Order(6)
    void shouldOpenTheCircuitAfterRepeatedFailuresAndAnswer503WithoutCallingRetailCore() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/v1/products/6");
            assertProblem(response, 503);
            assertThat(json.readTree(response.body()).get("detail").asText()).contains("circuit breaker is open");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        });
    }

    private void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
