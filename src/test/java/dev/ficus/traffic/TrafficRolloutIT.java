package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Planned rollouts end to end on the whole application and a real PostgreSQL: legacy is the RetailCore mimic on
 * Northwind, the modern side a WireMock answering canonical JSON, and a second WireMock receives the webhook's
 * CloudEvents. One route walks its declared ramp (20 % → 50 %, marked pause → 100 % → MODERN) on real requests
 * through the admin API's contract; another is aborted to LEGACY by its gate when the modern side starts failing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrafficRolloutIT {

    static final WireMockServer MODERN = started();
    static final WireMockServer WEBHOOK = started();
    static final TestPostgres.Database DB = TestPostgres.newNorthwindDatabase("traffic_rollout");
    static final int MIMIC_PORT = FreePorts.next();
    static final int ARTEMIS_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-rollout-data");
    static final Path ROUTES_FILE = routesFile();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .embeddedBrokerId(41).dataDir(DATA_DIR).routesReloadOff().cacheTtlMs(0)
                .trafficRoutesFile(ROUTES_FILE)
                .apiKey(0, "alice", "alice-operator-key-for-tests", "operator")
                .set("traffic.gate-interval-ms", 200)
                .set("traffic.rollout.webhook-url", WEBHOOK.baseUrl() + "/hooks/rollouts")
                .set("traffic.rollout.webhook-retry-delay-ms", 50)
                .registerIn(registry);
    }

    @BeforeAll
    static void webhookAccepts() {
        WEBHOOK.stubFor(post(urlEqualTo("/hooks/rollouts")).willReturn(aResponse().withStatus(202)));
    }

    @AfterAll
    static void stopWireMocks() {
        MODERN.stop();
        WEBHOOK.stop();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Test
    @Order(1)
    void shouldWalkTheDeclaredRampPauseForAPromotionAndCompleteToModern() throws Exception {
        MODERN.stubFor(WireMock.get(urlPathMatching("/api/v1/products/[0-9]+")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"served\":\"modern\"}")));
        JsonNode none = rollout("facade-get-product");
        assertThat(none.get("status").asText()).isEqualTo("none");
        assertThat(none.get("steps").toString()).isEqualTo("[{\"percent\":20,\"pauseMs\":300,\"pause\":false},"
                + "{\"percent\":50,\"pauseMs\":300,\"pause\":true},{\"percent\":100,\"pauseMs\":300,\"pause\":false}]");
        assertProblem(call("PUT", "/admin/traffic/routes/facade-get-product/rollout", "{\"reason\":\"go\"}"), 409,
                "Invalid transition");
        assertProblem(call("PUT", "/admin/traffic/routes/facade-get-product/rollout", "{\"steps\":[{\"percent\":50},"
                + "{\"percent\":20}],\"reason\":\"down\"}"), 400, "Invalid rollout");
        assertProblem(call("POST", "/admin/traffic/routes/facade-get-product/rollout/promote", "{\"reason\":\"x\"}"),
                409, "Rollout conflict");
        assertProblem(call("GET", "/admin/traffic/routes/facade-nope/rollout", null), 404, "Unknown route");

        assertThat(call("PUT", "/admin/traffic/routes/facade-get-product", "{\"state\":\"SHADOW\",\"reason\":"
                + "\"prove it\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> started = call("PUT", "/admin/traffic/routes/facade-get-product/rollout",
                "{\"reason\":\"the declared ramp\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json.readTree(started.body()).get("status").asText()).isEqualTo("running");
        assertProblem(call("PUT", "/admin/traffic/routes/facade-get-product/rollout", "{\"reason\":\"twice\"}"),
                409, "Rollout conflict");

        JsonNode paused = driveUntil("facade-get-product", "/api/v1/products/%d", "paused");
        assertThat(paused.get("currentStep").asInt()).isEqualTo(1);
        assertThat(paused.get("nextAdvanceAt").isNull()).isTrue();
        assertThat(state("facade-get-product")).isEqualTo("CANARY(50%)");

        JsonNode promoted = json.readTree(call("POST", "/admin/traffic/routes/facade-get-product/rollout/promote",
                "{\"reason\":\"half looks fine\"}").body());
        assertThat(promoted.get("status").asText()).isEqualTo("running");
        assertThat(promoted.get("currentStep").asInt()).isEqualTo(2);
        driveUntil("facade-get-product", "/api/v1/products/%d", "completed");
        assertThat(state("facade-get-product")).isEqualTo("MODERN");

        List<String> history = new ArrayList<>();
        for (JsonNode e : rollout("facade-get-product").get("history")) {
            history.add(e.get("event").asText() + " " + e.get("percent").asInt() + " by " + e.get("actor").asText());
            assertThat(e.get("at").asText()).isNotBlank();
        }
        assertThat(history).containsExactly("started 20 by alice", "advanced 50 by ficus-gates",
                "paused 50 by ficus-gates", "promoted 100 by alice", "completed 100 by ficus-gates");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(webhookTypes("facade-get-product"))
                .containsExactly("started", "advanced", "paused", "promoted", "completed"));
        JsonNode event = webhookEvents("facade-get-product").get(3);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("source").asText()).isEqualTo("/ficus/traffic/rollouts");
        assertThat(event.at("/data/actor").asText()).isEqualTo("alice");
        assertThat(event.at("/data/reason").asText()).isEqualTo("half looks fine");
        assertThat(event.at("/data/percent").asInt()).isEqualTo(100);
    }

    @Test
    @Order(2)
    void shouldAbortToLegacyWhenTheModernSideStartsFailing() throws Exception {
        MODERN.stubFor(WireMock.get(urlPathMatching("/api/v1/products/[0-9]+/inventory")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"unitsInStock\":1}")));
        assertThat(call("PUT", "/admin/traffic/routes/facade-get-inventory", "{\"state\":\"SHADOW\",\"reason\":"
                + "\"prove it\"}").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/admin/traffic/routes/facade-get-inventory/rollout", "{\"steps\":[{\"percent\":30,"
                + "\"pauseMs\":300},{\"percent\":60,\"pauseMs\":600000}],\"reason\":\"inventory ramp\"}")
                .statusCode()).isEqualTo(200);
        JsonNode second = driveUntilStep("facade-get-inventory", 1);
        assertThat(second.get("status").asText()).isEqualTo("running");

        MODERN.stubFor(WireMock.get(urlPathMatching("/api/v1/products/[0-9]+/inventory"))
                .willReturn(aResponse().withStatus(500)));
        JsonNode aborted = driveUntil("facade-get-inventory", "/api/v1/products/%d/inventory", "aborted");

        assertThat(aborted.get("reason").asText()).startsWith("gate failed at step 2 of 2 (60%): modern error rate");
        assertThat(state("facade-get-inventory")).isEqualTo("LEGACY");
        JsonNode audit = json.readTree(call("GET", "/admin/traffic/routes/facade-get-inventory/audit", null).body())
                .get(0);
        assertThat(audit.get("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(audit.get("changedBy").asText()).isEqualTo("ficus-gates");
        assertThat(audit.get("to").asText()).isEqualTo("LEGACY");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(webhookTypes("facade-get-inventory"))
                .containsExactly("started", "advanced", "aborted"));
        JsonNode event = webhookEvents("facade-get-inventory").get(2);
        assertThat(event.at("/data/status").asText()).isEqualTo("aborted");
        assertThat(event.at("/data/percent").asInt()).isZero();
        assertThat(event.at("/data/reason").asText()).contains("modern error rate");
    }

    @Test
    @Order(3)
    void shouldRefuseAPauseBeyond30DaysBadNumbersAndOversizedBodiesWithoutChangingTheRollout() throws Exception {
        String path = "/admin/traffic/routes/facade-get-inventory/rollout";
        JsonNode before = rollout("facade-get-inventory");
        for (String pauseMs : List.of(String.valueOf(Long.MAX_VALUE), "2592000001", "-1")) {
            HttpResponse<String> r = call("PUT", path, "{\"steps\":[{\"percent\":30,\"pauseMs\":300},{\"percent\":60,"
                    + "\"pauseMs\":" + pauseMs + "}],\"reason\":\"forever\"}");
            assertProblem(r, 400, "Invalid rollout");
            assertThat(json.readTree(r.body()).get("detail").asText())
                    .isEqualTo("steps[1].pauseMs must be 0..2592000000 ms (30 days), got " + pauseMs);
        }
        HttpResponse<String> text = call("PUT", path, "{\"steps\":[{\"percent\":\"30\"}],\"reason\":\"x\"}");
        assertProblem(text, 400, "Invalid rollout");
        assertThat(json.readTree(text.body()).get("detail").asText()).startsWith(
                "body is not a JSON rollout start: steps[0].percent: ").contains("(line 1, column ");
        HttpResponse<String> large = call("PUT", path, "{\"reason\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertProblem(large, 413, "Payload Too Large");
        assertThat(json.readTree(large.body()).get("maxBytes").asLong()).isEqualTo(1024 * 1024);
        for (String limit : List.of("0", "1001", "all")) {
            HttpResponse<String> r = call("GET", "/admin/traffic/routes/facade-get-inventory/audit?limit=" + limit,
                    null);
            assertProblem(r, 400, "Invalid parameter");
            assertThat(json.readTree(r.body()).get("detail").asText())
                    .isEqualTo("limit must be a whole number from 1 to 1000, got '" + limit + "'");
        }
        assertThat(rollout("facade-get-inventory")).as("nothing changed").isEqualTo(before);
    }

    /** Sends requests to the route (ids 1..77) until its rollout has the status; @return the rollout then */
    private JsonNode driveUntil(String routeId, String path, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int id = 1; id <= 77; id++) {
                assertThat(call("GET", path.formatted(id), null).statusCode()).isEqualTo(200);
            }
            return rollout(routeId);
        }, r -> r.get("status").asText().equals(status));
    }

    private JsonNode driveUntilStep(String routeId, int step) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int id = 1; id <= 77; id++) {
                call("GET", "/api/v1/products/%d/inventory".formatted(id), null);
            }
            return rollout(routeId);
        }, r -> r.get("currentStep").asInt() == step);
    }

    private JsonNode rollout(String routeId) throws Exception {
        HttpResponse<String> r = call("GET", "/admin/traffic/routes/" + routeId + "/rollout", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private String state(String routeId) throws Exception {
        return json.readTree(call("GET", "/admin/traffic/routes/" + routeId, null).body()).get("label").asText();
    }

    private List<JsonNode> webhookEvents(String routeId) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        List<LoggedRequest> requests = WEBHOOK.findAll(postRequestedFor(urlEqualTo("/hooks/rollouts")));
        for (LoggedRequest r : requests) {
            assertThat(r.getHeader("Content-Type")).startsWith("application/cloudevents+json");
            JsonNode event = json.readTree(r.getBodyAsString());
            if (event.get("subject").asText().equals(routeId)) {
                events.add(event);
            }
        }
        return events;
    }

    private List<String> webhookTypes(String routeId) throws IOException {
        return webhookEvents(routeId).stream().map(e -> e.get("type").asText()
                .substring("dev.ficus.traffic.rollout.".length())).toList();
    }

    /** Admin calls carry alice's operator key (the audit names her); the modern API is open on loopback. */
    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (path.startsWith("/admin/")) {
            b.header("X-API-Key", "alice-operator-key-for-tests");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status, String title) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct ->
                assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("title").asText()).isEqualTo(title);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static Path routesFile() {
        String yaml = """
                traffic:
                  routes:
                    facade-get-product:
                      modern-base-url: %1$s
                      business-key: {source: path, name: id}
                      gates: {window-ms: 60000, min-calls: 5, max-modern-error-rate: 0.2, max-mismatch-rate: 0.5}
                      rollout:
                        steps:
                          - {percent: 20, pause-ms: 300}
                          - {percent: 50, pause-ms: 300, pause: true}
                          - {percent: 100, pause-ms: 300}
                    facade-get-inventory:
                      modern-base-url: %1$s
                      business-key: {source: path, name: id}
                      gates: {window-ms: 60000, min-calls: 5, max-modern-error-rate: 0.2, max-mismatch-rate: 0.5}
                """.formatted(MODERN.baseUrl());
        try {
            Path file = FicusTestOptions.tempDir("ficus-rollout-config").resolve("traffic.yml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
