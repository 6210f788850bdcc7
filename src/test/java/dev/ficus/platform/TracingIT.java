package dev.ficus.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.OtlpReceiver;
import dev.ficus.testsupport.OtlpReceiver.ReceivedSpan;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Traces of a whole running Ficus as a collector receives them: Ficus exports over OTLP/HTTP (protobuf) to a real
 * receiver on loopback ({@link OtlpReceiver}, decoded with the opentelemetry-proto classes), legacy is the RetailCore
 * mimic on Northwind, the modern side of {@code facade-get-product} (in SHADOW) a WireMock, the broker the embedded
 * Artemis. Each request starts from a client {@code traceparent} whose trace id the test chose, then:
 * <ul>
 *   <li>a façade read is one trace: Spring's server span, under it the route {@code facade-get-product} (Camel's
 *       REST DSL span), under that the legacy HTTP call and the shadow call to the modern side (made on a shadow
 *       thread), and the modern side received the shadow span's {@code traceparent};</li>
 *   <li>a POS document (over HTTP, and as a till's JMS message to pos.inbound with a {@code traceparent} property)
 *       is one trace from ingest over the broker (retail.pos.* → pos.posting) to the post to RetailCore: the
 *       pos.posting consumer span is the child of the publishing producer span;</li>
 *   <li>a pass-through request hands its server span's {@code traceparent} to the target;</li>
 *   <li>the log lines of those exchanges carry the trace id (captured console output).</li>
 *   <li>a change event on {@code retail.product.changed} evicts the façade cache without a span, even when it
 *       carries a {@code traceparent} (the default {@code ficus.tracing.camel-exclude-patterns}).</li>
 * </ul>
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot's tests switch tracing off unless asked: here it runs as in production
@AutoConfigureObservability(metrics = false, tracing = true)
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    static final OtlpReceiver OTLP = OtlpReceiver.start();
    static final WireMockServer MODERN = modern();
    static final TestPostgres.Database DB = TestPostgres.newNorthwindDatabase("tracing");
    static final int MIMIC_PORT = FreePorts.next();
    static final int ARTEMIS_PORT = FreePorts.next();
    static final SecureRandom RANDOM = new SecureRandom();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path routes = Files.createTempFile("tracing-traffic", ".yml");
        Files.writeString(routes, """
                traffic:
                  routes:
                    facade-get-product:
                      initial-state: SHADOW
                      modern-base-url: %s
                      business-key: {source: path, name: id}
                      compare:
                        noise-learning: {enabled: false}
                """.formatted(MODERN.baseUrl()));
        FicusTestOptions.create().legacyDatabase(DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .embeddedBrokerId(60).dataDir(FicusTestOptions.tempDir("ficus-tracing")).withoutCdc()
                .routesReloadOff().cacheTtlMs(0).posDropOff().trafficRoutesFile(routes)
                .set("management.otlp.tracing.endpoint", OTLP.tracesUrl())
                .set("management.tracing.opentelemetry.export.schedule-delay", "200ms")
                // the pass-through route to the WireMock, which records what it receives
                .set("facade.passthrough.routes[0].id", "legacy").set("facade.passthrough.routes[0].path-prefix", "/legacy")
                .set("facade.passthrough.routes[0].target", MODERN.baseUrl())
                .set("facade.passthrough.routes[0].connect-timeout-ms", 2000)
                .set("facade.passthrough.routes[0].response-timeout-ms", 10000)
                .set("facade.passthrough.routes[0].max-connections", 10)
                .registerIn(registry);
    }

    @AfterAll
    static void stop() {
        MODERN.stop();
        OTLP.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldTraceAFacadeReadThroughTheRouteTheLegacyCallAndTheShadowCall() throws Exception {
        String traceId = hex(16);
        String clientSpan = hex(8);

        HttpResponse<String> answer = http.send(request("/api/v1/products/11", traceId, clientSpan).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ReceivedSpan> trace = OTLP.trace(traceId);
            ReceivedSpan server = one(trace, s -> s.kind().equals("SERVER") && s.name().startsWith("http get"));
            ReceivedSpan route = one(trace, s -> s.kind().equals("SERVER")
                    && s.attribute("component").filter("camel-rest"::equals).isPresent());
            ReceivedSpan legacy = one(trace, s -> s.kind().equals("CLIENT")
                    && s.attribute("component").filter("camel-http"::equals).isPresent());
            ReceivedSpan shadow = one(trace, s -> s.name().equals("modern GET"));

            assertThat(server.parentSpanId()).as("continues the client's span").isEqualTo(clientSpan);
            assertThat(trace).as("Spring Security's spans are off").noneMatch(s -> s.name().startsWith("security")
                    || s.name().equals("authorize request"));
            assertThat(server.service()).isEqualTo("ficus");
            assertThat(legacy.attribute("camel.uri")).hasValueSatisfying(uri -> assertThat(uri)
                    .startsWith("http://localhost:" + MIMIC_PORT));
            assertThat(shadow.kind()).isEqualTo("CLIENT");
            assertThat(shadow.attribute("ficus.traffic.route")).contains("facade-get-product");
            assertThat(route.attribute("camel.route.id")).contains("facade-get-product");
            assertThat(ancestors(trace, route)).as("the route under the server span").contains(server);
            assertThat(ancestors(trace, legacy)).as("the legacy call under the route").contains(route);
            assertThat(ancestors(trace, shadow)).as("the shadow call under the route").contains(route);
        });
        ReceivedSpan shadow = one(OTLP.trace(traceId), s -> s.name().equals("modern GET"));
        MODERN.verify(getRequestedFor(urlPathEqualTo("/api/v1/products/11"))
                .withHeader("traceparent", equalTo("00-" + traceId + "-" + shadow.spanId() + "-01")));
    }

    @Test
    void shouldPassTheServerSpansTraceContextThroughThePassThroughProxy() throws Exception {
        String traceId = hex(16);

        HttpResponse<String> answer = http.send(request("/legacy/retailcore/products/11", traceId, hex(8)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ReceivedSpan server = one(OTLP.trace(traceId), s -> s.kind().equals("SERVER"));
            MODERN.verify(getRequestedFor(urlPathEqualTo("/retailcore/products/11"))
                    .withHeader("traceparent", equalTo("00-" + traceId + "-" + server.spanId() + "-01")));
        });
    }

    @Test
    void shouldTraceAPosDocumentFromHttpIngestOverTheBrokerToThePostingCall(CapturedOutput output) throws Exception {
        String traceId = hex(16);
        byte[] sale = Files.readAllBytes(Path.of("src/test/resources/pos/fixtures/sale-tax-exclusive.xml"));

        HttpResponse<String> answer = http.send(request("/api/v1/pos/transactions", traceId, hex(8))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(sale))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertIngestAndPostingShareTheTrace(traceId, output);
    }

    @Test
    void shouldContinueATillsTraceFromTheInboundQueueToThePostingCall(CapturedOutput output) throws Exception {
        String traceId = hex(16);
        String tillSpan = hex(8);
        byte[] sale = Files.readAllBytes(Path.of("src/test/resources/pos/fixtures/sale-line-taxes.xml"));

        try (JMSContext jms = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT).createContext()) {
            BytesMessage message = jms.createBytesMessage();
            message.writeBytes(sale);
            message.setStringProperty("traceparent", "00-" + traceId + "-" + tillSpan + "-01");
            jms.createProducer().send(jms.createQueue("pos.inbound"), message);
        }

        assertIngestAndPostingShareTheTrace(traceId, output);
        ReceivedSpan inbound = one(OTLP.trace(traceId), s -> s.kind().equals("CONSUMER")
                && s.name().equals("queue:pos.inbound"));
        assertThat(inbound.parentSpanId()).as("continues the till's span").isEqualTo(tillSpan);
    }

    @Test
    void shouldNotTraceTheCacheEvictionsThatChangeEventsDrive() throws Exception {
        String evictionTrace = hex(16);
        try (JMSContext jms = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT).createContext()) {
            TextMessage event = jms.createTextMessage("""
                    {"specversion":"1.0","id":"trace-it-12","source":"postgresql://it","type":"retail.product.changed",
                     "subject":"12","datacontenttype":"application/json","data":{}}""");
            event.setStringProperty("traceparent", "00-" + evictionTrace + "-" + hex(8) + "-01");
            jms.createProducer().send(jms.createTopic("retail.product.changed"), event);
        }
        // a traced request after the event: once its spans are exported, the eviction's would have been too
        String laterTrace = hex(16);
        http.send(request("/legacy/retailcore/products/12", laterTrace, hex(8)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        await().atMost(Duration.ofSeconds(30)).until(() -> !OTLP.trace(laterTrace).isEmpty());

        assertThat(OTLP.trace(evictionTrace)).isEmpty();
        assertThat(OTLP.spans()).noneMatch(s -> s.name().contains("retail.product.changed"));
    }

    /** Publishing producer span → pos.posting consumer span (its child, across the broker) → PostSale call. */
    private void assertIngestAndPostingShareTheTrace(String traceId, CapturedOutput output) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ReceivedSpan> trace = OTLP.trace(traceId);
            ReceivedSpan published = one(trace, s -> s.kind().equals("PRODUCER")
                    && s.name().equals("topic:retail.pos.sale-completed"));
            ReceivedSpan posting = one(trace, s -> s.kind().equals("CONSUMER") && s.name().equals("queue:pos.posting"));
            ReceivedSpan postSale = one(trace, s -> s.kind().equals("CLIENT")
                    && s.attribute("camel.uri").filter(u -> u.contains("/retailcore/soap/PosPosting")).isPresent());

            assertThat(posting.parentSpanId()).as("the broker hop carried traceparent").isEqualTo(published.spanId());
            assertThat(ancestors(trace, postSale)).contains(posting);
            assertThat(output.getOut().lines().filter(l -> l.contains("Posted ") && l.contains("to RetailCore"))
                    .toList()).as("the posting's log line carries the trace and span ids")
                    .anyMatch(l -> l.contains("[" + traceId + ","));
        });
    }

    /** @return the one span matching, failing with the trace's spans when none or several do */
    private static ReceivedSpan one(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = trace.stream().filter(which).toList();
        assertThat(found).as("in trace %s", trace.stream().map(s -> s.kind() + " " + s.name()).toList()).hasSize(1);
        return found.get(0);
    }

    /** @return the span's parent, its parent's parent, ... as far as the trace has them */
    private static List<ReceivedSpan> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId,
                Function.identity(), (a, b) -> a));
        List<ReceivedSpan> ancestors = new ArrayList<>();
        for (ReceivedSpan p = byId.get(span.parentSpanId()); p != null; p = byId.get(p.parentSpanId())) {
            ancestors.add(p);
        }
        return ancestors;
    }

    private HttpRequest.Builder request(String path, String traceId, String parentSpanId) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .timeout(Duration.ofSeconds(30));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static WireMockServer modern() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(get(urlPathEqualTo("/retailcore/products/11")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody("<PRODUCT><ID>11</ID></PRODUCT>")));
        server.stubFor(get(urlPathEqualTo("/api/v1/products/11")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":11,\"name\":\"Queso Cabrales\"}")));
        return server;
    }
}
