package dev.ficus.playground.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import dev.ficus.testsupport.TrafficAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo modern catalog service, on the main job's wiring: change data capture of Northwind feeds its read
 * model, and it answers exactly what the façade answers from RetailCore, for every product; a legacy change
 * reaches it through the change events alone. Then the strangler walk of issue 4 with it as the modern side:
 * in SHADOW the mismatch rate is 0, a change the catalog missed is found with its JSON path, and at CANARY 50
 * about half the products go to the catalog, each staying on its side. The last test breaks the read model on
 * purpose, so the tests run in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("playground")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogServiceIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("catalog_it");
    static final int MIMIC_PORT = FreePorts.next();
    static final int CATALOG_PORT = FreePorts.next();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(FreePorts.next())
                .embeddedBrokerId(21).dataDir(FicusTestOptions.tempDir("catalog-it"))
                // traffic control sends the product routes' modern share to this catalog; gates relaxed so the
                // mismatch this test provokes on purpose does not roll the route back
                .withCatalog(CATALOG_PORT).trafficRoutesFile(relaxedTrafficFile())
                .cacheTtlMs(0).routesReloadOff().posDropOff()
                .registerIn(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogService catalog;

    @Autowired
    CatalogReadModel readModel;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("ficusDataSource")
    javax.sql.DataSource ficusDataSource;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate legacy = new JdbcTemplate(LEGACY_DB.dataSource());

    @Test
    @Order(1)
    void shouldAnswerEveryProductAndInventoryExactlyAsTheFacadeDoesFromRetailCore() throws Exception {
        // the initial snapshot reaches the catalog table by table (categories come after products); the catalog
        // knows it has all of it from the capture's snapshot marks alone
        awaitCompleteReadModel();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create(facade() + "/actuator/health/catalog-readiness")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        assertThat(readModel.awaitingSnapshot()).isEmpty();
        assertThat(new JdbcTemplate(ficusDataSource).queryForList(
                "SELECT table_name FROM catalog.snapshot_state WHERE event_id IS NOT NULL ORDER BY 1", String.class))
                .as("marked by the snapshot events, not seeded").containsExactly("public.categories", "public.products");

        List<Integer> ids = legacy.queryForList("SELECT product_id FROM products ORDER BY product_id", Integer.class);
        for (int id : ids) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(catalog.baseUrl(), "/api/v1/products/" + id))
                            .as("product %d", id).isEqualTo(get(facade(), "/api/v1/products/" + id)));
            assertThat(get(catalog.baseUrl(), "/api/v1/products/" + id + "/inventory"))
                    .isEqualTo(get(facade(), "/api/v1/products/" + id + "/inventory"));
        }
        assertThat(get(catalog.baseUrl(), "/api/v1/products?category=4&size=3&page=1"))
                .isEqualTo(get(facade(), "/api/v1/products?category=4&size=3&page=1"));
    }

    @Test
    @Order(2)
    void shouldSeeALegacyChangeThroughTheChangeEventsAlone() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> readModel.product(11).isPresent());

        legacy.update("UPDATE products SET units_in_stock = 5, unit_price = 22.5 WHERE product_id = 11");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode product = get(catalog.baseUrl(), "/api/v1/products/11");
            assertThat(product.get("unitsInStock").asInt()).isEqualTo(5);
            assertThat(product.at("/unitPrice/amount").asText()).isEqualTo("22.50");
        });
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                URI.create(catalog.baseUrl() + "/api/v1/products/99999")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    @Order(3)
    void shouldShadowTheCatalogWithoutMismatchesDetectADroppedChangeAndSplitStickilyInCanary() throws Exception {
        awaitCompleteReadModel();
        List<Integer> ids = legacy.queryForList("SELECT product_id FROM products ORDER BY product_id", Integer.class);
        move("SHADOW", null);

        for (int id : ids) {
            HttpResponse<String> response = send("/api/v1/products/" + id);
            assertThat(response.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(routeState().at("/window/comparisons").asInt()).isGreaterThanOrEqualTo(ids.size()));
        assertThat(routeState().at("/window/mismatches").asInt()).isZero();
        assertThat(routeState().at("/window/mismatchRate").asDouble()).isZero();

        // the catalog misses a change (as if one of its events were dropped): the shadow comparison finds it
        legacy.update("UPDATE catalog.product SET units_in_stock = units_in_stock + 1 WHERE product_id = 42");
        send("/api/v1/products/42");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode diffs = json.readTree(send("/admin/traffic/routes/facade-get-product/diffs").body());
            assertThat(diffs).anySatisfy(diff -> {
                assertThat(diff.get("uri").asText()).isEqualTo("/api/v1/products/42");
                assertThat(diff.get("paths").toString()).isEqualTo("[\"$.unitsInStock\"]");
            });
        });

        move("CANARY", 50);
        int modern = 0;
        for (int id : ids) {
            String first = send("/api/v1/products/" + id).headers().firstValue("X-Ficus-Served-By").orElseThrow();
            String second = send("/api/v1/products/" + id).headers().firstValue("X-Ficus-Served-By").orElseThrow();
            assertThat(second).as("product %d stays on its side", id).isEqualTo(first);
            modern += first.equals("modern") ? 1 : 0;
        }
        assertThat(modern).as("products served by the catalog at CANARY 50").isBetween(ids.size() / 4, ids.size() * 3 / 4);
    }

    private void awaitCompleteReadModel() {
        int products = legacy.queryForObject("SELECT count(*) FROM products", Integer.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> readModel.productCount() == products
                && readModel.products(0, 100, null, null, null).get("items").findValuesAsText("categoryName")
                        .stream().noneMatch("null"::equals));
    }

    private void move(String state, Integer percent) throws Exception {
        new TrafficAdmin(facade(), "catalog-it").move("facade-get-product", state, percent);
    }

    private JsonNode routeState() throws Exception {
        return new TrafficAdmin(facade(), "catalog-it").route("facade-get-product");
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(facade() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
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

    private JsonNode get(String base, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(base + path).isEqualTo(200);
        return json.readTree(response.body());
    }
}
