package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Prometheus endpoint of a whole running Ficus (real PostgreSQL with Northwind, embedded Artemis, RetailCore
 * mimic, change data capture on {@code products}): after one façade call, one pass-through call, one POS document
 * and one change event, {@code GET /actuator/prometheus} with a {@code monitoring} key answers the Prometheus text
 * format with every metric that {@code config/grafana/dashboards/ficus.json} and
 * {@code config/prometheus/prometheus.yml} query ({@link ObservabilityConfig}); without a key it answers 401.
 */
// Closed after the class: its capture engine and broker must not run on beside the next test's (2 cores, one JVM)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot's tests export no metrics unless asked: the Prometheus registry runs as in production
@AutoConfigureObservability(metrics = true, tracing = false)
class PrometheusScrapeIT {

    static final String KEY = "prometheus-it-key-0123456789";
    static final TestPostgres.Database DB = TestPostgres.newNorthwindDatabase("prom");
    static final int MIMIC_PORT = FreePorts.next();
    static final Path SCRAPE = Path.of("target/prometheus-scrape.txt");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // one key with every role the test uses: with a monitoring credential configured, loopback is not enough
        FicusTestOptions.create().legacyDatabase(DB).withMimic(MIMIC_PORT).artemisPort(FreePorts.next())
                .embeddedBrokerId(50).dataDir(FicusTestOptions.tempDir("ficus-prom")).routesReloadOff()
                .apiKey(0, "scraper", KEY, "api-client,pos-producer,monitoring")
                .cdcSlot("prom").cdcSnapshotMode("no_data").set("cdc.heartbeat-interval-ms", 1000)
                .captureTable("public.products", "product")
                .set("cdc.tables[0].events[0].type", "retail.product.changed")
                .set("cdc.tables[0].events[0].operations", "update")
                .registerIn(registry);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldExposeEveryMetricTheDashboardAndPrometheusQueryInTheTextFormat() throws Exception {
        assertThat(send(get("/api/v1/products/11")).statusCode()).isEqualTo(200);
        assertThat(send(get("/legacy/retailcore/products/11")).statusCode()).isEqualTo(200);
        // one POS document published, then sent again (a duplicate), and one refused (dead-lettered)
        byte[] sale = Files.readAllBytes(Path.of("src/test/resources/pos/fixtures/sale-tax-exclusive.xml"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> pos = send(pos(sale));
            assertThat(pos.statusCode()).as(pos.body()).isBetween(200, 299);
        }
        assertThat(send(pos("<POSLog".getBytes(StandardCharsets.UTF_8))).statusCode()).isBetween(400, 499);
        // the capture runs once its slot exists: change a row until one change event is published
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            jdbc.update("UPDATE products SET reorder_level = reorder_level + 1 WHERE product_id = 11");
            String text = scrape().body();
            Files.writeString(SCRAPE, text);   // what the endpoint answered last, to read when this fails
            return PrometheusText.value(text, "ficus_cdc_events_total") > 0;
        });

        HttpResponse<String> scrape = scrape();

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct)
                .startsWith("text/plain").contains("version=0.0.4"));
        Files.writeString(SCRAPE, scrape.body());
        Set<String> exposed = PrometheusText.sampleNames(scrape.body());
        assertThat(exposed).containsAll(ObservabilityConfig.queriedMetrics());
        assertThat(PrometheusText.value(scrape.body(), "ficus_pos_received_transactions_total")).isEqualTo(3);
        assertThat(PrometheusText.value(scrape.body(), "ficus_pos_duplicates_transactions_total")).isEqualTo(1);
        assertThat(exposed).as("per-route timers are histograms").contains("ficus_traffic_requests_seconds_bucket",
                "ficus_passthrough_requests_seconds_bucket");
    }

    @Test
    void shouldRefuseTheScrapeWithoutACredentialOnceAKeyGrantsMonitoring() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/actuator/prometheus")));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("ficus_");
    }

    private HttpRequest.Builder pos(byte[] document) {
        return request("/api/v1/pos/transactions").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document));
    }

    private HttpResponse<String> scrape() throws IOException, InterruptedException {
        return send(get("/actuator/prometheus"));
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("X-API-Key", KEY)
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
