package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.DeliveryMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Change data capture end to end on Northwind in a real PostgreSQL: Debezium embedded, canonical CloudEvents,
 * delivery into the embedded Artemis, read back over its TCP acceptor with the CORE JMS client. The JVM runs in
 * Europe/Berlin so a DST-gap local time proves timestamps are not shifted by the JVM's zone.
 */
// Closed after the class: its engine and broker must not run on beside the next test's (2 cores, one JVM)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CdcNorthwindIT {

    static final String ADMIN_TOKEN = "cdc-admin-test-token";

    static final TimeZone ORIGINAL_ZONE = TimeZone.getDefault();
    static {
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
    }

    static final TestPostgres.Database DB = prepare();
    static final int ARTEMIS_PORT = FreePorts.next();
    static final String SLOT = FicusTestOptions.slotName("nw");
    static final String TEN_KB = "SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 320) g";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(DB)
                .embeddedBrokerId(11)   // in-VM id unique in the test JVM
                .withoutLegacyHttp().artemisPort(ARTEMIS_PORT).withBrokerUsers().dataDir(FicusTestOptions.tempDir("ficus-cdc-nw"))
                .routesReloadOff().adminToken(ADMIN_TOKEN)
                .cdcSlot("nw").cdcSnapshotMode("initial")
                .set("cdc.recent-events", 500)
                .set("cdc.heartbeat-interval-ms", 1000)
                .captureTable("public.products", "product")
                .set("cdc.tables[0].events[0].type", "retail.product.changed")
                .set("cdc.tables[0].events[0].operations", "create,update,delete,snapshot")
                .set("cdc.tables[0].events[1].type", "retail.inventory.stock-changed")
                .set("cdc.tables[0].events[1].operations", "update")
                .set("cdc.tables[0].events[1].when-changed", "units_in_stock")
                .captureTable("public.categories", "category")
                .captureTable("public.cdc_types", "sample")
                .captureTable("public.cdc_full", "full-sample")
                .registerIn(registry);
    }

    static TestPostgres.Database prepare() {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_nw");
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        jdbc.execute("CREATE TABLE cdc_types (id INT PRIMARY KEY, price NUMERIC(10,2), ratio NUMERIC, "
                + "local_ts TIMESTAMP, zoned_ts TIMESTAMPTZ, day DATE, note TEXT, doc TEXT)");
        jdbc.execute("CREATE TABLE cdc_full (id INT PRIMARY KEY, note TEXT, doc TEXT)");
        jdbc.execute("ALTER TABLE cdc_full REPLICA IDENTITY FULL");
        jdbc.execute("CREATE TABLE wal_filler (id INT PRIMARY KEY, text TEXT)");   // not captured
        return db;
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(ORIGINAL_ZONE);
    }

    @LocalServerPort
    int port;

    final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldPublishAnUpdateOfProduct11AsCloudEventsWithTheExactValues() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            jdbc.update("UPDATE products SET units_in_stock = 5 WHERE product_id = 11");

            ArtemisTap.Received changed = tap.await(e -> e.path("type").asText().equals("retail.product.changed")
                    && e.path("subject").asText().equals("11") && e.at("/data/op").asText().equals("update"));
            JsonNode event = changed.event();
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("source").asText()).isEqualTo(CdcConfiguration.source(
                    new CdcProperties(true, "s", "p", "initial", "", "retail", "ficus.cdc_signal", "cdc_offset",
                            "ficus", 1, 1, "", 1, 1, 1, 1, 1, 1, 1, null, null),
                    new dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase(DB.jdbcUrl(), DB.user())))
                    .startsWith("postgresql://").endsWith("/" + DB.jdbcUrl().replaceAll(".*/", ""));
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.path("time").asText()).endsWith("Z");
            JsonNode after = event.at("/data/after");
            assertThat(after.path("product_id").asInt()).isEqualTo(11);
            assertThat(after.path("product_name").asText()).isEqualTo("Queso Cabrales");
            assertThat(after.path("units_in_stock").asInt()).isEqualTo(5);
            assertThat(after.path("unit_price").decimalValue()).isEqualByComparingTo("21");
            assertThat(after.path("quantity_per_unit").asText()).isEqualTo("1 kg pkg.");
            assertThat(event.at("/data/key/product_id").asInt()).isEqualTo(11);
            assertThat(changed.duplicateId()).isEqualTo(event.path("id").asText());
            assertThat(changed.groupId()).isEqualTo("public.products/11");
            assertThat(changed.deliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(changed.address()).contains("retail.product.changed");

            ArtemisTap.Received stock = tap.await(e -> e.path("type").asText()
                    .equals("retail.inventory.stock-changed") && e.path("subject").asText().equals("11"));
            assertThat(stock.event().at("/data/after/units_in_stock").asInt()).isEqualTo(5);
            assertThat(stock.event().path("id").asText()).isNotEqualTo(event.path("id").asText());
        }
    }

    @Test
    void shouldPublishTheInitialSnapshotOfEveryCapturedRow() throws Exception {
        long products = jdbc.queryForObject("SELECT count(*) FROM products", Long.class);
        String stream = readSse(e -> e.contains("\"subject\":\"8\"") && e.contains("category.snapshot"),
                Duration.ofSeconds(60));
        assertThat(stream).contains("\"op\":\"snapshot\"");
        assertThat(stream.lines().filter(l -> l.startsWith("event:retail.product.changed"))
                .count()).isGreaterThanOrEqualTo(products);
    }

    @Test
    void shouldKeepDecimalsExactAndTimestampsInUtcWhateverTheJvmZone() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.sample.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            jdbc.update("INSERT INTO cdc_types VALUES (1, 21.00, 12345678901234567890123.141592653589793238462643383279502884197169399375105820974944,"
                    + " '2024-03-31 02:30:00', '2024-03-31 02:30:00+00', '2024-03-31', 'n', NULL)");

            JsonNode after = tap.await(e -> e.path("subject").asText().equals("1")
                    && e.at("/data/op").asText().equals("create")).event().at("/data/after");
            assertThat(after.path("price").isTextual()).isTrue();
            assertThat(after.path("price").asText()).isEqualTo("21.00");
            assertThat(after.path("ratio").asText()).isEqualTo(
                    "12345678901234567890123.141592653589793238462643383279502884197169399375105820974944");
            assertThat(after.path("local_ts").asText()).isEqualTo("2024-03-31T02:30:00Z");
            assertThat(after.path("zoned_ts").asText()).isEqualTo("2024-03-31T02:30:00Z");
            assertThat(after.path("day").asText()).isEqualTo("2024-03-31");
        }
    }

    @Test
    void shouldNeverPublishTheToastPlaceholder() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            jdbc.update("INSERT INTO cdc_types (id, note, doc) VALUES (2, 'a', (" + TEN_KB + "))");
            jdbc.update("INSERT INTO cdc_full (id, note, doc) VALUES (2, 'a', (" + TEN_KB + "))");
            String doc = jdbc.queryForObject("SELECT doc FROM cdc_types WHERE id = 2", String.class);
            String fullDoc = jdbc.queryForObject("SELECT doc FROM cdc_full WHERE id = 2", String.class);
            assertThat(doc).hasSize(10_240);
            jdbc.update("UPDATE cdc_types SET note = 'b' WHERE id = 2");
            jdbc.update("UPDATE cdc_full SET note = 'b' WHERE id = 2");

            JsonNode defaultIdentity = tap.await(e -> e.path("type").asText().equals("retail.sample.updated")
                    && e.path("subject").asText().equals("2")).event();
            JsonNode fullIdentity = tap.await(e -> e.path("type").asText().equals("retail.full-sample.updated")
                    && e.path("subject").asText().equals("2")).event();

            assertThat(defaultIdentity.toString()).doesNotContain(CanonicalEvents.UNAVAILABLE);
            assertThat(defaultIdentity.at("/data/after/note").asText()).isEqualTo("b");
            assertThat(defaultIdentity.at("/data/after").has("doc")).isFalse();
            assertThat(defaultIdentity.at("/data/unchanged/0").asText()).isEqualTo("doc");
            assertThat(fullIdentity.toString()).doesNotContain(CanonicalEvents.UNAVAILABLE);
            assertThat(fullIdentity.at("/data/after/doc").asText()).isEqualTo(fullDoc);
            assertThat(fullIdentity.at("/data/before/note").asText()).isEqualTo("a");
        }
    }

    @Test
    void shouldPublishDeletesWithTheKeyAndTruncatesAsEvents() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            jdbc.update("INSERT INTO cdc_types (id, note) VALUES (3, 'gone soon')");
            jdbc.update("INSERT INTO cdc_full (id, note) VALUES (3, 'gone soon')");
            jdbc.update("DELETE FROM cdc_types WHERE id = 3");
            jdbc.update("DELETE FROM cdc_full WHERE id = 3");

            JsonNode deleted = tap.await(e -> e.path("type").asText().equals("retail.sample.deleted")
                    && e.path("subject").asText().equals("3")).event();
            assertThat(deleted.at("/data/key/id").asInt()).isEqualTo(3);
            assertThat(deleted.at("/data/before/id").asInt()).isEqualTo(3);
            assertThat(deleted.at("/data/before").size()).as("REPLICA IDENTITY DEFAULT: the key only, nothing "
                    + "made up for the other columns").isEqualTo(1);
            assertThat(deleted.at("/data/after").isNull()).isTrue();
            JsonNode fullDeleted = tap.await(e -> e.path("type").asText().equals("retail.full-sample.deleted")
                    && e.path("subject").asText().equals("3")).event();
            assertThat(fullDeleted.at("/data/before/note").asText()).isEqualTo("gone soon");

            jdbc.execute("TRUNCATE cdc_full");
            JsonNode truncated = tap.await(e -> e.path("type").asText().equals("retail.full-sample.truncated"))
                    .event();
            assertThat(truncated.at("/data/op").asText()).isEqualTo("truncate");
            assertThat(truncated.at("/data/table").asText()).isEqualTo("public.cdc_full");
            assertThat(truncated.has("subject")).isFalse();
        }
    }

    @Test
    void shouldCarryAColumnAddedWhileRunningWithoutARestart() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.sample.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            jdbc.execute("ALTER TABLE cdc_types ADD COLUMN added_later VARCHAR(20)");
            jdbc.update("INSERT INTO cdc_types (id, note, added_later) VALUES (4, 'x', 'new column')");

            JsonNode after = tap.await(e -> e.path("subject").asText().equals("4")).event().at("/data/after");
            assertThat(after.path("added_later").asText()).isEqualTo("new column");
        }
    }

    @Test
    void shouldSnapshotOneTableOnDemandThroughTheAdminApi() throws Exception {
        long signals = jdbc.queryForObject("SELECT count(*) FROM ficus.cdc_signal", Long.class);
        for (String authorization : new String[] {null, "Bearer wrong", "Basic " + ADMIN_TOKEN}) {
            HttpRequest.Builder refused = HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/admin/cdc/snapshots/public.categories"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (authorization != null) {
                refused.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(refused.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith(
                    "Bearer realm=\"ficus\"");
            assertThat(response.body()).contains("\"requestId\":\""
                    + response.headers().firstValue("X-Request-Id").orElseThrow() + "\"");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ficus.cdc_signal", Long.class)).isEqualTo(signals);

        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.category.#", FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/admin/cdc/snapshots/public.categories"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);

            long categories = jdbc.queryForObject("SELECT count(*) FROM categories", Long.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tap.received.stream()
                    .filter(r -> r.event().at("/data/op").asText().equals("snapshot"))
                    .map(r -> r.event().path("subject").asText()).distinct().count()).isEqualTo(categories));
            assertThat(tap.received.get(0).event().path("type").asText()).isEqualTo("retail.category.snapshot");
        }
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/admin/cdc/snapshots/public.shippers"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).as("the one problem writer: requestId and instance").contains("\"requestId\"")
                .contains("\"instance\":\"/admin/cdc/snapshots/public.shippers\"");
    }

    @Test
    void shouldStreamAnUpdateOverSseWithinOneSecond() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/cdc/events"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith(":");   // the stream is open before the change
            long updatedAt = System.nanoTime();
            jdbc.update("UPDATE products SET units_in_stock = 7 WHERE product_id = 11");
            CompletableFuture<Long> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data:") && line.contains("\"units_in_stock\":7")
                                && line.contains("\"subject\":\"11\"")) {
                            return System.nanoTime();
                        }
                    }
                    return -1L;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long arrivedNs = seen.get(10, TimeUnit.SECONDS) - updatedAt;
            assertThat(Duration.ofNanos(arrivedNs)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldShowLagLsnRetainedWalAndEventsAsMetricsAndHealth() throws Exception {
        jdbc.update("UPDATE products SET units_on_order = 31 WHERE product_id = 12");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("ficus.cdc.last.lsn")).isPositive());
        assertThat(metric("ficus.cdc.events")).isPositive();
        assertThat(metric("ficus.cdc.slot.retained.wal")).isGreaterThanOrEqualTo(0);
        assertThat(metric("ficus.cdc.lag")).isGreaterThanOrEqualTo(0);
        JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/actuator/health"));
        assertThat(health.at("/components/cdc/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/cdc/details/slot").asText()).isEqualTo(SLOT);
    }

    @Test
    void shouldLetTheSlotAdvanceWhileTheCapturedTablesAreIdle() throws Exception {
        String before = jdbc.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
        jdbc.update("INSERT INTO wal_filler SELECT g, md5(g::text) FROM generate_series(1, 60000) g");
        long written = jdbc.queryForObject("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint",
                Long.class, before);
        assertThat(written).as("WAL written outside the captured tables").isGreaterThan(4_000_000);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(metric("ficus.cdc.slot.retained.wal")).isBetween(0.0, 1_000_000.0));
    }

    private double metric(String name) throws Exception {
        JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/actuator/metrics/" + name));
        return m.at("/measurements/0/value").asDouble();
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Reads the SSE stream until a data line matches, returns everything read. */
    private String readSse(java.util.function.Predicate<String> until, Duration within) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/cdc/events"))
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            StringBuilder all = new StringBuilder();
            CompletableFuture<String> done = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        all.append(line).append('\n');
                        if (line.startsWith("data:") && until.test(line)) {
                            return all.toString();
                        }
                    }
                    return all.toString();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            return done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
