package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end on the whole application: legacy is the real RetailCore mimic on Northwind, the modern side a
 * WireMock answering canonical JSON. A route is moved LEGACY → SHADOW → CANARY → MODERN → RETIRED through the
 * admin API; the tests run in that order and share the route states.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrafficIT {

    static final WireMockServer MODERN = started();
    static final TestPostgres.Database DB = TestPostgres.newNorthwindDatabase("traffic");
    static final int MIMIC_PORT = FreePorts.next();
    static final int ARTEMIS_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-traffic-data");
    static final String TOKEN = "trusted-test-token";
    static final String ADMIN_TOKEN = "admin-test-token";
    static final Path ROUTES_FILE = routesFile();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .embeddedBrokerId(40).dataDir(DATA_DIR).routesReloadOff().cacheTtlMs(0)
                .trafficRoutesFile(ROUTES_FILE)
                .set("traffic.trusted-token", TOKEN)
                .adminToken(ADMIN_TOKEN)
                .apiKey(0, "alice", key("alice"), "operator").apiKey(1, "bob", key("bob"), "operator")
                .apiKey(2, "carol", key("carol"), "operator").apiKey(3, "dave", key("dave"), "operator")
                .set("traffic.gate-interval-ms", 200)
                .set("traffic.legacy-calls-flush-ms", 200)
                .registerIn(registry);
    }

    @AfterAll
    static void stopModern() {
        MODERN.stop();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate db = new JdbcTemplate(DB.dataSource());

    @Test
    @Order(1)
    void shouldStartInTheDeclaredStateAndRefuseInvalidChangesWithProblemJson() throws Exception {
        JsonNode route = json.readTree(get("/admin/traffic/routes/facade-get-product").body());
        assertThat(route.get("state").asText()).isEqualTo("LEGACY");
        assertThat(route.get("modernBaseUrl").asText()).isEqualTo(MODERN.baseUrl());

        assertProblem(put("facade-nope", "{\"state\":\"SHADOW\",\"reason\":\"x\"}", "alice"), 404);
        assertProblem(send(HttpRequest.newBuilder(facade("/admin/traffic/routes/facade-get-product"))
                .header("Content-Type", "application/json").header("X-Ficus-User", "mallory")
                .header("Authorization", "Bearer guess")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"SHADOW\",\"reason\":\"x\"}")).build()), 401);
        for (String disguised : new String[] {"/%61dmin/traffic/routes/facade-get-product",
                "/admi%6E/traffic/routes/facade-get-product", "/admin;x=1/traffic/routes/facade-get-product"}) {
            HttpResponse<String> bypass = send(HttpRequest.newBuilder(facade(disguised))
                    .header("Content-Type", "application/json").header("X-Ficus-User", "mallory")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"SHADOW\",\"reason\":\"x\"}")).build());
            assertThat(bypass.statusCode()).as(disguised + " without a token").isIn(400, 401, 404);
        }
        assertProblem(put("facade-get-product", "{\"state\":\"CANARY\",\"percent\":101,\"reason\":\"x\"}", "alice"),
                400);
        assertProblem(put("facade-get-product", "{\"state\":\"CANARY\",\"percent\":-1,\"reason\":\"x\"}", "alice"),
                400);
        HttpResponse<String> skip = put("facade-get-product", "{\"state\":\"MODERN\",\"reason\":\"x\"}", "alice");
        assertProblem(skip, 409);
        assertThat(json.readTree(skip.body()).get("detail").asText()).contains("skip");
        assertProblem(put("facade-get-product", "{\"state\":\"SHADOW\"}", "alice"), 400);
        assertProblem(put("facade-get-product", "{\"state\":\"SHADOW\",\"reason\":\"x\"}", null), 401);
        assertProblem(put("facade-get-product", "{\"state\":\"SIDEWAYS\",\"reason\":\"x\"}", "alice"), 400);
        assertThat(json.readTree(get("/admin/traffic/routes/facade-get-product").body()).get("version").asLong())
                .isEqualTo(1);
        // a route that allows skipping may jump
        HttpResponse<String> jump = put("facade-get-customer", "{\"state\":\"MODERN\",\"reason\":\"skip ok\"}", "bob");
        assertThat(jump.statusCode()).isEqualTo(200);
        assertThat(put("facade-get-customer", "{\"state\":\"LEGACY\",\"reason\":\"back\"}", "bob").statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(2)
    void shouldSeeADirectDatabaseChangeWithinOneSecond() throws Exception {
        db.update("UPDATE ficus.traffic_route_state SET state = 'SHADOW', version = version + 1, "
                + "last_change_kind = 'MANUAL', updated_by = 'dba' WHERE route_id = 'facade-get-order'");

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(json.readTree(get("/admin/traffic/routes/facade-get-order").body()).get("state").asText())
                        .isEqualTo("SHADOW"));
    }

    @Test
    @Order(3)
    void shouldShadowAsynchronouslyAnswerFromLegacyAndRecordTheDifferingPaths() throws Exception {
        String legacy11 = get("/api/v1/products/11").body();
        String legacy12 = get("/api/v1/products/12").body();
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/11")).willReturn(modernJson(200,
                reordered(legacy11))));
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/12")).willReturn(modernJson(200,
                legacy12.replace("\"amount\":\"38.00\"", "\"amount\":\"38.50\""))));
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/13")).willReturn(aResponse().withStatus(500)));
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/14")).willReturn(modernJson(200, "{}")
                .withFixedDelay(3_000)));

        assertThat(put("facade-get-product", "{\"state\":\"SHADOW\",\"reason\":\"prove catalog\"}", "alice")
                .statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(facade("/api/v1/products/11"))
                    .header("X-Request-Id", "shadow-" + i).header("X-Secret", "s3cr3t").build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(legacy11);
            assertThat(r.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        }
        assertThat(get("/api/v1/products/12").body()).isEqualTo(legacy12);
        assertThat(get("/api/v1/products/13").statusCode()).isEqualTo(200);
        long started = System.nanoTime();
        assertThat(get("/api/v1/products/14").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode window = json.readTree(get("/admin/traffic/routes/facade-get-product").body()).get("window");
            assertThat(window.get("comparisons").asLong()).isEqualTo(4);
            assertThat(window.get("mismatches").asLong()).isEqualTo(1);
            assertThat(window.get("modernErrors").asLong()).isEqualTo(2);
        });
        // every shadow also asked legacy a second time through the route (noise learning); the mimic is
        // deterministic, so nothing is learned
        assertThat(json.readTree(get("/admin/traffic/routes/facade-get-product").body()).get("learnedNoise"))
                .isEmpty();
        JsonNode probes = json.readTree(get("/actuator/metrics/ficus.traffic.shadow.noise.probes"
                + "?tag=route:facade-get-product").body());
        assertThat(probes.at("/measurements/0/value").asDouble()).isEqualTo(6.0);
        JsonNode diffs = json.readTree(get("/admin/traffic/routes/facade-get-product/diffs").body());
        assertThat(diffs).hasSize(1);
        assertThat(diffs.get(0).get("uri").asText()).isEqualTo("/api/v1/products/12");
        assertThat(diffs.get(0).get("paths")).extracting(JsonNode::asText).containsExactly("$.unitPrice.amount");
        assertThat(diffs.get(0).get("legacyAnswer").asText()).isEqualTo(legacy12);
        assertThat(diffs.get(0).get("modernAnswer").asText()).contains("38.50");
        MODERN.verify(getRequestedFor(urlEqualTo("/api/v1/products/11")).withHeader("X-Request-Id",
                equalTo("shadow-1")).withHeader("X-Secret", absent()));
    }

    @Test
    @Order(4)
    void shouldSplitCanaryStickyByKeyAndOnlyMoveKeysToModernWhenRaised() throws Exception {
        MODERN.resetAll();
        MODERN.stubFor(WireMock.get(urlPathMatching("/api/v1/products/[0-9]+")).willReturn(modernJson(200,
                "{\"served\":\"modern\"}")));
        assertThat(put("facade-get-product", "{\"state\":\"CANARY\",\"percent\":50,\"reason\":\"half\"}", "alice")
                .statusCode()).isEqualTo(200);

        Map<Integer, String> at50 = sides(50);
        for (var e : at50.entrySet()) {
            assertThat(e.getValue()).as("product %s", e.getKey())
                    .isEqualTo(ConsistentSplit.modern(e.getKey().toString(), 50) ? "modern" : "legacy");
        }
        long modern = at50.values().stream().filter("modern"::equals).count();
        assertThat(modern).isBetween(20L, 57L);
        assertThat(sides(50)).isEqualTo(at50);

        assertThat(put("facade-get-product", "{\"state\":\"CANARY\",\"percent\":75,\"reason\":\"more\"}", "alice")
                .statusCode()).isEqualTo(200);
        Map<Integer, String> at75 = sides(75);
        at50.forEach((id, side) -> {
            if (side.equals("modern")) {
                assertThat(at75.get(id)).as("product %s stays modern", id).isEqualTo("modern");
            }
        });
        assertThat(at75.values().stream().filter("modern"::equals).count()).isGreaterThan(modern);

        // a trusted caller forces a side; an untrusted one cannot
        int legacyKey = at75.entrySet().stream().filter(e -> e.getValue().equals("legacy")).findFirst().orElseThrow()
                .getKey();
        HttpResponse<String> forced = send(HttpRequest.newBuilder(facade("/api/v1/products/" + legacyKey))
                .header("X-Ficus-Route-To", "modern").header("X-Ficus-Trust-Token", TOKEN).build());
        assertThat(forced.headers().firstValue("X-Ficus-Served-By")).hasValue("modern");
        HttpResponse<String> untrusted = send(HttpRequest.newBuilder(facade("/api/v1/products/" + legacyKey))
                .header("X-Ficus-Route-To", "modern").header("X-Ficus-Trust-Token", "guess").build());
        assertThat(untrusted.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");

        JsonNode metric = json.readTree(get("/actuator/metrics/ficus.traffic.requests?tag=route:facade-get-product"
                + "&tag=side:modern").body());
        assertThat(metric.at("/measurements/0/value").asDouble()).isGreaterThan(0);
    }

    @Test
    @Order(5)
    void shouldFallBackToLegacyWhenModernFailsOnAnIdempotentRequest() throws Exception {
        assertThat(put("facade-get-product", "{\"state\":\"MODERN\",\"reason\":\"all in\"}", "alice").statusCode())
                .isEqualTo(200);
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/21")).willReturn(aResponse().withStatus(503)));
        MODERN.stubFor(WireMock.get(urlPathEqualTo("/api/v1/products/22")).willReturn(modernJson(200, "{}")
                .withFixedDelay(3_000)));

        HttpResponse<String> error = get("/api/v1/products/21");
        HttpResponse<String> slow = get("/api/v1/products/22");
        HttpResponse<String> fine = get("/api/v1/products/23");

        assertThat(error.statusCode()).isEqualTo(200);
        assertThat(json.readTree(error.body()).get("name").asText()).isEqualTo("Sir Rodney's Scones");
        assertThat(error.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(json.readTree(slow.body()).get("id").asInt()).isEqualTo(22);
        assertThat(fine.body()).isEqualTo("{\"served\":\"modern\"}");
        assertThat(json.readTree(get("/admin/traffic/routes/facade-get-product").body()).get("fallbacks").asLong())
                .isEqualTo(2);
    }

    @Test
    @Order(6)
    void shouldRollBackByItselfWhenTheModernErrorRateIsOverTheGate() throws Exception {
        MODERN.stubFor(WireMock.get(urlPathMatching("/api/v1/products/[0-9]+/inventory"))
                .willReturn(aResponse().withStatus(500)));
        assertThat(put("facade-get-inventory", "{\"state\":\"SHADOW\",\"reason\":\"try\"}", "carol").statusCode())
                .isEqualTo(200);

        for (int i = 1; i <= 6; i++) {
            assertThat(get("/api/v1/products/" + i + "/inventory").statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json.readTree(
                get("/admin/traffic/routes/facade-get-inventory").body()).get("state").asText()).isEqualTo("LEGACY"));
        JsonNode last = json.readTree(get("/admin/traffic/routes/facade-get-inventory/audit").body()).get(0);
        assertThat(last.get("changedBy").asText()).isEqualTo("ficus-gates");
        assertThat(last.get("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(last.get("from").asText()).isEqualTo("SHADOW");
        assertThat(last.get("to").asText()).isEqualTo("LEGACY");
        assertThat(last.get("reason").asText()).contains("modern error rate 1.000");
    }

    @Test
    @Order(7)
    void shouldRetireWithoutFallbackAndProveLegacyUnusedAndAuditEveryStep() throws Exception {
        JsonNode before = json.readTree(get("/admin/traffic/routes/facade-get-product/legacy-calls?windowMs=3600000")
                .body());
        assertThat(before.get("legacyCalls").asLong()).isGreaterThan(0);
        assertThat(before.get("safeToRetire").asBoolean()).isFalse();
        JsonNode unused = json.readTree(get("/admin/traffic/routes/facade-list-products/legacy-calls").body());
        assertThat(unused.get("legacyCalls").asLong()).isZero();
        assertThat(unused.get("safeToRetire").asBoolean()).isTrue();

        assertThat(put("facade-get-product", "{\"state\":\"RETIRED\",\"reason\":\"legacy off\"}", "alice")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> noFallback = get("/api/v1/products/21");
        assertProblem(noFallback, 502);
        assertThat(json.readTree(noFallback.body()).get("detail").asText()).isEqualTo("modern side answered HTTP 503");

        List<String> trail = new ArrayList<>();
        for (JsonNode e : json.readTree(get("/admin/traffic/routes/facade-get-product/audit").body())) {
            trail.add(e.get("from").asText() + ">" + e.get("to").asText() + " by " + e.get("changedBy").asText()
                    + ": " + e.get("reason").asText());
            assertThat(e.get("changedAt").asText()).isNotBlank();
        }
        assertThat(trail).containsExactly(
                "MODERN>RETIRED by alice: legacy off",
                "CANARY(75%)>MODERN by alice: all in",
                "CANARY(50%)>CANARY(75%) by alice: more",
                "SHADOW>CANARY(50%) by alice: half",
                "LEGACY>SHADOW by alice: prove catalog",
                "null>LEGACY by config: initial state from the traffic routes file");
    }

    @Test
    @Order(8)
    void shouldAdvanceStepByStepWhileHealthy() throws Exception {
        List<String> customers = List.of("ALFKI", "ANATR", "ANTON", "AROUT", "BERGS", "BLAUS", "BONAP", "BOTTM");
        for (String c : customers) {
            String path = "/api/v1/customers/" + c + "/orders";
            MODERN.stubFor(WireMock.get(urlPathEqualTo(path)).willReturn(modernJson(200, get(path).body())));
        }
        assertThat(put("facade-list-customer-orders", "{\"state\":\"SHADOW\",\"reason\":\"auto\"}", "dave")
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String c : customers) {
                assertThat(get("/api/v1/customers/" + c + "/orders").statusCode()).isEqualTo(200);
            }
            assertThat(json.readTree(get("/admin/traffic/routes/facade-list-customer-orders").body())
                    .get("state").asText()).isEqualTo("MODERN");
        });
        List<String> trail = new ArrayList<>();
        for (JsonNode e : json.readTree(get("/admin/traffic/routes/facade-list-customer-orders/audit").body())) {
            trail.add(e.get("kind").asText() + " " + e.get("to").asText() + " by " + e.get("changedBy").asText());
        }
        assertThat(trail).containsExactly("ADVANCE MODERN by ficus-gates", "ADVANCE CANARY(100%) by ficus-gates",
                "ADVANCE CANARY(50%) by ficus-gates", "MANUAL SHADOW by dave", "INITIAL LEGACY by config");
    }

    private Map<Integer, String> sides(int percent) throws Exception {
        Map<Integer, String> sides = new HashMap<>();
        for (int id = 1; id <= 77; id++) {
            HttpResponse<String> r = get("/api/v1/products/" + id);
            assertThat(r.statusCode()).as("product %s at %s%%", id, percent).isEqualTo(200);
            sides.put(id, r.headers().firstValue("X-Ficus-Served-By").orElseThrow());
        }
        return sides;
    }

    private String reordered(String legacyJson) throws IOException {
        // same content, keys in reverse order: the comparison must not care
        JsonNode node = json.readTree(legacyJson);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        var out = json.createObjectNode();
        for (int i = names.size() - 1; i >= 0; i--) {
            out.set(names.get(i), node.get(names.get(i)));
        }
        return out.toString();
    }

    @Test
    @Order(9)
    void shouldIgnoreAPathAnOperatorAddsToTheCompareRulesAuditItAndGoBackToTheFileRules() throws Exception {
        String path = "/api/v1/orders/10248";
        String route = "/admin/traffic/routes/facade-get-order";
        String legacy = get(path).body();
        // already shadowed (a 404 from the modern side, nothing stubbed yet): wait for it to be counted
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json.readTree(get(route).body()).at("/window/comparisons").asLong() > 0);
        com.fasterxml.jackson.databind.node.ObjectNode modern =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(legacy);
        String field = iterable(modern.fieldNames()).stream().filter(f -> modern.get(f).isTextual()).findFirst()
                .orElseThrow();
        modern.put(field, "changed by the modern side");
        MODERN.stubFor(WireMock.get(urlPathEqualTo(path)).willReturn(modernJson(200, modern.toString())));
        assertThat(json.readTree(get(route).body()).get("state").asText()).isEqualTo("SHADOW");
        assertThat(newMismatches(path)).isEqualTo(1);
        assertThat(json.readTree(get(route + "/diffs").body()).get(0).get("paths")).extracting(JsonNode::asText)
                .containsExactly("$." + field);
        assertThat(json.readTree(get(route).body()).at("/compareOrigin/source").asText()).isEqualTo("routes-file");

        // refused: a path the comparator cannot read, a negative tolerance, no reason, malformed JSON, no key, unknown route
        String ignore = "{\"ignorePaths\":[\"$." + field + "\"],\"reason\":\"modern formats it differently\","
                + "\"expectedVersion\":0}";
        HttpResponse<String> badPath = compare("PUT", route, "{\"ignorePaths\":[\"$." + field + "[x]\"],"
                + "\"reason\":\"x\"}", "bob");
        assertProblem(badPath, 400);
        assertThat(json.readTree(badPath.body()).get("detail").asText()).startsWith("ignorePaths[0] '$." + field
                + "[x]' has no valid step at character");
        assertProblem(compare("PUT", route, "{\"numericTolerance\":-0.5,\"reason\":\"x\"}", "bob"), 400);
        assertProblem(compare("PUT", route, "{\"ignorePaths\":[]}", "bob"), 400);
        assertProblem(compare("PUT", route, "{\"ignorePaths\":[", "bob"), 400);
        assertProblem(compare("PUT", route, ignore, null), 401);
        assertProblem(compare("PUT", "/admin/traffic/routes/facade-nope", ignore, "bob"), 404);

        JsonNode changed = json.readTree(compare("PUT", route, ignore, "bob").body());
        assertThat(changed.at("/compare/ignorePaths/0").asText()).isEqualTo("$." + field);
        assertThat(changed.at("/compareOrigin/source").asText()).isEqualTo("admin");
        assertThat(changed.at("/compareOrigin/changedBy").asText()).isEqualTo("bob");
        assertThat(json.readTree(get(route).body()).at("/compareOrigin/version").asLong()).isEqualTo(1);
        assertThat(newMismatches(path)).isZero();
        HttpResponse<String> stale = compare("PUT", route, ignore, "carol");
        assertProblem(stale, 409);
        assertThat(json.readTree(stale.body()).get("detail").asText()).contains("version 1, not 0", "bob");

        JsonNode back = json.readTree(compare("DELETE", route + "/compare?reason=reviewed%20file%20wins", null,
                "carol").body());
        assertThat(back.at("/compareOrigin/source").asText()).isEqualTo("routes-file");
        assertThat(back.at("/compare/ignorePaths")).isEmpty();
        assertThat(newMismatches(path)).isEqualTo(1);
        assertThat(compare("DELETE", route + "/learned-noise", "{\"reason\":\"start over\"}", "carol")
                .statusCode()).isEqualTo(200);

        JsonNode audit = json.readTree(get(route + "/audit?limit=3").body());
        assertThat(audit).extracting(e -> e.get("kind").asText() + " by " + e.get("changedBy").asText() + ": "
                + e.get("reason").asText()).containsExactly("NOISE_RESET by carol: start over",
                "COMPARE_RESET by carol: reviewed file wins", "COMPARE_SET by bob: modern formats it differently");
        assertThat(audit.get(2).get("from").asText()).contains("\"ignorePaths\":[]");
        assertThat(audit.get(2).get("to").asText()).contains("\"ignorePaths\":[\"$." + field + "\"]");
        assertThat(audit.get(1).get("to").asText()).isEqualTo(audit.get(2).get("from").asText());
    }

    /** @return the mismatches one shadowed request for {@code path} added to facade-get-order's window (0 or 1) */
    private long newMismatches(String path) throws Exception {
        String route = "/admin/traffic/routes/facade-get-order";
        JsonNode before = json.readTree(get(route).body()).get("window");
        assertThat(get(path).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> json.readTree(get(route).body())
                .at("/window/comparisons").asLong() == before.get("comparisons").asLong() + 1);
        return json.readTree(get(route).body()).at("/window/mismatches").asLong() - before.get("mismatches").asLong();
    }

    private HttpResponse<String> compare(String method, String path, String body, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(facade(path.endsWith("/facade-get-order")
                        || path.endsWith("/facade-nope") ? path + "/compare" : path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("X-API-Key", key(user));
        }
        return send(b.build());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder modernJson(int status,
                                                                                              String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An operator's API key (role operator, principal = the name). */
    static String key(String operator) {
        return operator + "-operator-key-for-tests";
    }

    /** Reads under /admin need the role operator: the admin token here; the modern API is open on loopback. */
    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(facade(path));
        if (path.startsWith("/admin/")) {
            b.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        return send(b.build());
    }

    private HttpResponse<String> put(String routeId, String body, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(facade("/admin/traffic/routes/" + routeId))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            // the audit names the key's principal, never the header a caller sets
            b.header("X-API-Key", key(user)).header("X-Ficus-User", "mallory");
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI facade(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct ->
                assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static Path routesFile() {
        String base = MODERN.baseUrl();
        String yaml = """
                traffic:
                  routes:
                    facade-get-product:
                      initial-state: LEGACY
                      modern-base-url: %1$s
                      modern-response-timeout-ms: 500
                      business-key: {source: path, name: id}
                      compare:
                        noise-learning: {enabled: true, sample-percent: 100}
                    facade-get-inventory:
                      modern-base-url: %1$s
                      business-key: {source: path, name: id}
                      gates: {window-ms: 60000, min-calls: 5, max-modern-error-rate: 0.2, max-mismatch-rate: 0.2}
                    facade-get-customer:
                      modern-base-url: %1$s
                      allow-skip: true
                    facade-get-order:
                      modern-base-url: %1$s
                    facade-list-products:
                      modern-base-url: %1$s
                      business-key: {source: query, name: category}
                    facade-list-customer-orders:
                      modern-base-url: %1$s
                      business-key: {source: path, name: id}
                      gates:
                        window-ms: 60000
                        min-calls: 3
                        auto-advance: {enabled: true, steps: [50, 100], healthy-for-ms: 0}
                """.formatted(base);
        try {
            Path file = FicusTestOptions.tempDir("ficus-traffic-config").resolve("traffic.yml");
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
