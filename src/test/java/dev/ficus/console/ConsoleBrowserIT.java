package dev.ficus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The migration console in a real browser (Debian's chromium, headless, through chromedriver) against the whole
 * application as the main job runs it: the playground's RetailCore mimic and catalog service, change data capture
 * on Northwind, an operator API key ({@code alice}) configured, so the console's fragments and the admin API need
 * it. The tests run in order and share the application's state: sign in, move a route, look at a mismatch, look at
 * CDC and POS, start and pause a rollout, find a dead-lettered POSLog by its business key and resend it.
 * Screenshots of each view go to {@code target/console-screenshots/}; after each test the browser's console log must
 * hold no error (the first test expects the 401s of the fragments loaded before signing in, and only those).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("playground")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("console_it");
    static final String OPERATOR_KEY = "console-operator-key-0123456789";
    static final String ROUTE = "facade-get-product";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(FreePorts.next()).artemisPort(FreePorts.next())
                .embeddedBrokerId(61).dataDir(FicusTestOptions.tempDir("console-it"))
                .withCatalog(FreePorts.next()).cdcSlot("console").trafficRoutesFile(relaxedTrafficFile())
                .apiKey(0, "alice", OPERATOR_KEY, "operator")
                .cacheTtlMs(0).routesReloadOff().posDropOff()
                .registerIn(registry);
    }

    static ConsoleBrowser browser;

    static {
        // the machine's PostgreSQL has few replication slots: give this run's back when the test JVM ends (the
        // application, and with it the slot's connection, is closed by then)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LEGACY_DB.dataSource().getConnection().createStatement().execute("SELECT pg_drop_replication_slot("
                        + "slot_name) FROM pg_replication_slots WHERE NOT active AND slot_name = '"
                        + FicusTestOptions.slotName("console") + "'");
            } catch (java.sql.SQLException ignored) {
                // the next CI run drops leftover slots (.ci/run)
            }
        }));
    }

    @BeforeAll
    static void startBrowser() {
        browser = ConsoleBrowser.start(Path.of("target", "console-screenshots"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate legacy = new JdbcTemplate(LEGACY_DB.dataSource());

    @AfterEach
    void noBrowserErrors(TestInfo test) {
        browser.keepForDebugging(test.getTestMethod().orElseThrow().getName());
        assertThat(browser.errors()).as("browser console errors").isEmpty();
    }

    @Test
    @Order(1)
    void shouldAskForAnOperatorCredentialThenShowTheRoutesOfTheRunningApplication() throws Exception {
        browser.open(facade() + "/console");
        browser.awaitText(By.id("notice"), "401");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-route]"))).isEmpty();
        List<String> refused = browser.errors();
        assertThat(refused).as("only the fragments refused before signing in").isNotEmpty()
                .allSatisfy(error -> assertThat(error).contains("401"));

        browser.signIn(OPERATOR_KEY);

        List<String> declared = new ArrayList<>();
        adminGet("/admin/traffic/routes").forEach(route -> declared.add(route.get("routeId").asText()));
        assertThat(declared).contains(ROUTE, "facade-get-inventory", "facade-list-products", "pos-posting");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(browser.attributes("tr[data-route]", "data-route")).containsExactlyElementsOf(declared));
        assertThat(browser.text(By.cssSelector("#route-" + ROUTE + " .state"))).isEqualTo("LEGACY");
        browser.screenshot("ledger");
    }

    @Test
    @Order(2)
    void shouldMoveARouteToShadowThroughTheAdminApiAuditedAsTheSignedInOperator() throws Exception {
        browser.open(facade() + "/console");
        browser.click(By.cssSelector("#route-" + ROUTE + " button.open-route"));
        WebElement form = browser.await(By.cssSelector("#card-" + ROUTE + " form.move"));
        new Select(form.findElement(By.name("state"))).selectByValue("SHADOW");
        form.findElement(By.name("reason")).sendKeys("prove the catalog from the console");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        browser.awaitText(By.cssSelector("#card-" + ROUTE + " output.result"), "now SHADOW");
        browser.awaitText(By.cssSelector("#route-" + ROUTE + " .state"), "SHADOW");
        assertThat(adminGet("/admin/traffic/routes/" + ROUTE).get("state").asText()).isEqualTo("SHADOW");
        JsonNode change = adminGet("/admin/traffic/routes/" + ROUTE + "/audit").get(0);
        assertThat(change.get("changedBy").asText()).isEqualTo("alice");
        assertThat(change.get("reason").asText()).isEqualTo("prove the catalog from the console");
        browser.awaitText(By.cssSelector("#card-" + ROUTE + " .audit tbody"), "prove the catalog from the console");
        browser.screenshot("route");
    }

    @Test
    @Order(3)
    void shouldShowAShadowMismatchSideBySideWithTheDifferingPathMarked() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(facade() + "/actuator/health/catalog-readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        // the catalog misses a change (as if one of its events were dropped): the shadow comparison finds it
        legacy.update("UPDATE catalog.product SET units_in_stock = units_in_stock + 1 WHERE product_id = 42");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            get("/api/v1/products/42");
            assertThat(adminGet("/admin/traffic/routes/" + ROUTE + "/diffs").toString())
                    .contains("/api/v1/products/42");
        });

        browser.open(facade() + "/console#diffs");
        browser.awaitText(By.id("diff-list"), "/api/v1/products/42");
        assertThat(new Select(browser.await(By.id("diff-route"))).getFirstSelectedOption().getText()).isEqualTo(ROUTE);
        browser.click(By.cssSelector("#diff-list button.compare"));
        for (String side : List.of("legacy", "modern")) {
            WebElement line = browser.await(By.cssSelector("#diff-view pre." + side + " .line.differs"));
            assertThat(line.getAttribute("data-path")).isEqualTo("$.unitsInStock");
        }
        browser.awaitText(By.id("diff-rules"), "Learned noise");
        browser.screenshot("diffs");

        // the noise rules are edited through the admin API, audited as the signed-in operator, the same for all replicas
        WebElement rules = browser.await(By.cssSelector("#diff-rules form.compare"));
        rules.findElement(By.name("ignorePaths")).sendKeys("$.unitsInStock");
        rules.findElement(By.name("reason")).sendKeys("the catalog lags on stock, tracked in TICKET-7");
        rules.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.id("last-action"), "rules from admin, version 1");
        JsonNode view = adminGet("/admin/traffic/routes/" + ROUTE);
        assertThat(view.at("/compare/ignorePaths").toString()).isEqualTo("[\"$.unitsInStock\"]");
        assertThat(view.at("/compareOrigin/changedBy").asText()).isEqualTo("alice");
        JsonNode change = adminGet("/admin/traffic/routes/" + ROUTE + "/audit").get(0);
        assertThat(change.get("kind").asText()).isEqualTo("COMPARE_SET");
        assertThat(change.get("reason").asText()).isEqualTo("the catalog lags on stock, tracked in TICKET-7");
        browser.awaitText(By.id("diff-rules"), "Set through the admin API by alice");

        WebElement back = browser.await(By.cssSelector("#diff-rules form.compare-reset"));
        back.findElement(By.name("reason")).sendKeys("stock is compared again");
        back.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.id("last-action"), "rules from routes-file, version 2");
        assertThat(adminGet("/admin/traffic/routes/" + ROUTE).at("/compare/ignorePaths")).isEmpty();
        assertThat(adminGet("/admin/traffic/routes/" + ROUTE + "/audit").get(0).get("kind").asText())
                .isEqualTo("COMPARE_RESET");
    }

    @Test
    @Order(4)
    void shouldShowChangeDataCaptureAndPosIngestCounts() throws Exception {
        postPosLog(Files.readAllBytes(Path.of("src/test/resources/pos/retalix-r10-6.0/retalix-sale-gbp.xml")));
        postPosLog(Files.readAllBytes(Path.of("src/test/resources/pos/fixtures/missing-ids-refused.xml")));

        browser.open(facade() + "/console#streams");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> cells = browser.texts("#pos-http td");
            assertThat(cells).hasSize(8);
            assertThat(Long.parseLong(cells.get(2))).as("received").isGreaterThanOrEqualTo(2);
            assertThat(Long.parseLong(cells.get(6))).as("dead-lettered").isGreaterThanOrEqualTo(1);
        });
        browser.awaitText(By.cssSelector("#streams .health"), "UP");
        assertThat(browser.text(By.id("cdc-leader"))).isNotEqualTo("none");
        assertThat(browser.text(By.id("cdc-wal"))).matches("[0-9.]+ (B|KB|MB|GB)");
        browser.awaitText(By.id("cdc-rate"), "/s");
        browser.screenshot("streams");
    }

    @Test
    @Order(5)
    void shouldStartAndPauseARolloutThroughTheRolloutApi() throws Exception {
        browser.open(facade() + "/console#rollouts");
        browser.click(By.cssSelector("#rollout-" + ROUTE + " button.open-rollout"));
        WebElement start = browser.await(By.cssSelector("#rollout-card-" + ROUTE + " form.start"));
        start.findElement(By.name("steps")).sendKeys("5, 25, 50");
        start.findElement(By.name("reason")).sendKeys("ramp the catalog");
        start.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.cssSelector("#rollout-card-" + ROUTE + " form.start output"), "rollout running");
        browser.awaitText(By.cssSelector("#rollout-" + ROUTE + " .state"), "CANARY(5%)");
        assertThat(browser.texts("#rollout-" + ROUTE + " ol.steps li.current")).containsExactly("5 %");

        WebElement pause = browser.await(By.cssSelector("#rollout-card-" + ROUTE + " form.pause"));
        pause.findElement(By.name("reason")).sendKeys("look at the mismatches first");
        pause.findElement(By.cssSelector("button[type=submit]")).click();
        browser.awaitText(By.cssSelector("#rollout-" + ROUTE + " .status"), "paused");
        JsonNode rollout = adminGet("/admin/traffic/routes/" + ROUTE + "/rollout");
        assertThat(rollout.get("status").asText()).isEqualTo("paused");
        assertThat(rollout.get("steps")).extracting(step -> step.get("percent").asInt()).containsExactly(5, 25, 50);
        assertThat(rollout.get("history").toString()).contains("alice", "look at the mismatches first");
        browser.awaitText(By.cssSelector("#rollout-card-" + ROUTE + " .audit"), "look at the mismatches first");
        browser.screenshot("rollouts");
    }

    @Test
    @Order(6)
    void shouldFindADeadLetteredPosDocumentByBusinessKeyAndResendIt() throws Exception {
        String document = Files.readString(Path.of("src/test/resources/pos/ncr-acs-2.1/SMALL.xml"))
                .replace("<RetailStoreID>9</RetailStoreID>", "<RetailStoreID>0610</RetailStoreID>");
        postPosLog(document.substring(0, document.length() / 2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String key = "0610/34/2017-09-30/160";

        browser.open(facade() + "/console#dead-letters");
        browser.awaitText(By.id("dlq-queues"), "pos.inbound.DLQ");
        // the list is drawn once the queue chooser has loaded, then again for the search: tick only in the last one
        browser.awaitText(By.id("dlq-queue"), "pos.inbound.DLQ");
        browser.awaitText(By.id("dlq-messages"), "message(s) in pos.inbound.DLQ");
        browser.await(By.id("dlq-q")).sendKeys(key);
        browser.awaitText(By.id("dlq-messages"), "matching “" + key + "”");
        By row = By.cssSelector("#dlq-messages tr[data-business-key='" + key + "']");
        browser.awaitText(row, "malformed-xml");
        assertThat(browser.driver().findElements(By.cssSelector("#dlq-messages tr[data-business-key]"))).hasSize(1);
        browser.click(By.cssSelector("#dlq-messages tr[data-business-key='" + key + "'] button.view"));
        browser.awaitText(By.id("dlq-message"), "RetailStoreID");
        browser.screenshot("dead-letters");

        browser.click(By.cssSelector("#dlq-messages tr[data-business-key='" + key + "'] input[name=ids]"));
        browser.await(By.cssSelector("#dlq-messages input[name=reason]")).sendKeys("till 34 fixed its export");
        browser.click(By.cssSelector("#dlq-messages button.resend"));
        browser.awaitText(By.id("last-action"), "resent: 1, missing: 0");
        JsonNode audit = adminGet("/admin/dead-letters/audit?limit=5").get("audit").get(0);
        assertThat(audit.get("principal").asText()).isEqualTo("alice");
        assertThat(audit.get("action").asText()).isEqualTo("resend");
        assertThat(audit.get("businessKey").asText()).isEqualTo(key);
        assertThat(audit.get("reason").asText()).isEqualTo("till 34 fixed its export");
    }

    @Test
    @Order(7)
    void shouldShowEachSidesRequestRateAndLatencyInTheLedger() throws Exception {
        browser.open(facade() + "/console");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int id = 1; id <= 20; id++) {
                get("/api/v1/products/" + id);
            }
            List<String> cells = browser.texts("#route-" + ROUTE + " td");
            assertThat(cells.get(1)).isEqualTo("CANARY(5%)");
            assertThat(cells.get(3)).as("legacy req/s · mean").matches("[0-9.]+/s · [0-9.]+ ms");
        });
        browser.screenshot("ledger");
    }

    private void postPosLog(byte[] document) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(facade() + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    }

    private JsonNode adminGet(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(facade() + path))
                .header("X-API-Key", OPERATOR_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private void get(String path) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(facade() + path)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static Path relaxedTrafficFile() {
        try {
            Path copy = Files.createTempFile("traffic", ".yml");
            Files.writeString(copy, Files.readString(Path.of("config/traffic.yml"))
                    .replace("max-mismatch-rate: 0.01", "max-mismatch-rate: 1.0"));
            return copy;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String facade() {
        return "http://localhost:" + port;
    }
}
