package dev.ficus.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo modern catalog service, on the main job's wiring: change data capture of Northwind feeds its read
 * model, and it answers exactly what the façade answers from RetailCore, for every product; a legacy change
 * reaches it through the change events alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CatalogServiceIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("catalog_it");
    static final int MIMIC_PORT = FreePorts.next();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("legacy.db.url", LEGACY_DB::jdbcUrl);
        registry.add("legacy.db.user", LEGACY_DB::user);
        registry.add("legacy.mimic.port", () -> MIMIC_PORT);
        registry.add("ficus.artemis.port", FreePorts::next);
        registry.add("spring.artemis.embedded.server-id", () -> 21);
        registry.add("ficus.data-dir", Files.createTempDirectory("catalog-it")::toString);
        registry.add("catalog.port", () -> 0);
        registry.add("facade.cache.products-ttl-ms", () -> 0);
        registry.add("facade.cache.inventory-ttl-ms", () -> 0);
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        registry.add("pos.drop.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogService catalog;

    @Autowired
    CatalogReadModel readModel;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate legacy = new JdbcTemplate(LEGACY_DB.dataSource());

    @Test
    void shouldAnswerEveryProductAndInventoryExactlyAsTheFacadeDoesFromRetailCore() throws Exception {
        int products = legacy.queryForObject("SELECT count(*) FROM products", Integer.class);
        // the initial snapshot reaches the catalog table by table (categories come after products)
        await().atMost(Duration.ofSeconds(120)).until(() -> readModel.productCount() == products
                && readModel.products(0, 100, null, null, null).get("items").findValuesAsText("categoryName")
                        .stream().noneMatch("null"::equals));

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
