package dev.ficus.playground.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import dev.ficus.testsupport.TrafficAdmin;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The catalog answers only once its read model holds the complete initial snapshot, whatever order the tables
 * arrive in, and keeps that across a restart; traffic control treats its "not ready" 503 as unavailable, not as a
 * mismatch or a modern error, and falls back to legacy.
 *
 * <p>Change data capture is off here: the test itself publishes the change events to the embedded Artemis, exactly
 * as the CDC capability does (CloudEvents JSON on {@code retail.product.changed} and {@code retail.category.changed},
 * snapshot rows marked with the extension {@code snapshot}), so it controls their order: every product first, then
 * the categories, as Debezium's Northwind snapshot does. The catalog, its routes, the broker, the façade, traffic
 * control and the databases are the real ones. The tests build on each other, so they run in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("playground")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogReadinessIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("catalog_ready_it");
    static final int MIMIC_PORT = FreePorts.next();
    static final int ARTEMIS_PORT = FreePorts.next();
    static final int CATALOG_PORT = FreePorts.next();
    static final ActiveMQConnectionFactory BROKER = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .embeddedBrokerId(31).dataDir(FicusTestOptions.tempDir("catalog-ready-it"))
                .withCatalog(CATALOG_PORT).withoutCdc()
                .set("traffic.gate-interval-ms", 200)
                .cacheTtlMs(0).routesReloadOff().posDropOff()
                .registerIn(registry);
    }

    @AfterAll
    static void closeBroker() {
        BROKER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogService catalog;

    @Autowired
    CatalogReadModel readModel;

    @Autowired
    @Qualifier("ficusDataSource")
    DataSource ficusDataSource;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate legacy = new JdbcTemplate(LEGACY_DB.dataSource());

    @Test
    @Order(1)
    void shouldAnswer503WithRetryAfterAndShowCatchingUpBeforeAnySnapshot() throws Exception {
        for (String path : List.of("/api/v1/products/11", "/api/v1/products/11/inventory", "/api/v1/products")) {
            HttpResponse<String> response = get(catalog.baseUrl() + path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("detail").asText())
                    .contains("public.products", "public.categories");
        }
        HttpResponse<String> probe = get(catalog.baseUrl() + "/health/readiness");
        assertThat(probe.statusCode()).isEqualTo(503);
        assertThat(json.readTree(probe.body()).get("awaitingSnapshot").toString())
                .isEqualTo("[\"public.products\",\"public.categories\"]");

        HttpResponse<String> group = get(facade() + "/actuator/health/catalog-readiness");
        assertThat(group.statusCode()).isEqualTo(503);
        assertThat(json.readTree(group.body()).get("status").asText()).isEqualTo("CATCHING_UP");
        HttpResponse<String> root = get(facade() + "/actuator/health");
        assertThat(root.statusCode()).as("Ficus itself stays up while its catalog catches up").isEqualTo(200);
        assertThat(json.readTree(root.body()).at("/components/catalog/status").asText()).isEqualTo("CATCHING_UP");
    }

    @Test
    @Order(2)
    void shouldNeitherCountTheNotReadyCatalogAsMismatchNorAsErrorAndFallBackToLegacy() throws Exception {
        move("SHADOW", null);
        for (int id = 1; id <= 25; id++) {
            HttpResponse<String> response = get(facade() + "/api/v1/products/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("ficus.traffic.shadow.comparisons",
                "route:facade-get-product", "result:unavailable") >= 25);
        JsonNode route = routeState();
        assertThat(route.at("/window/mismatches").asInt()).isZero();
        assertThat(route.at("/window/comparisons").asInt()).isZero();
        assertThat(route.at("/window/modernErrors").asInt()).isZero();
        assertThat(route.get("modernCircuit").asText()).isEqualTo("CLOSED");
        // the gates run every 200 ms: the route stays in SHADOW, no rollback
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                routeState().get("state").asText().equals("SHADOW"));

        move("CANARY", 100);
        assertServedByLegacyWithItsAnswer(11);
        move("MODERN", null);
        assertServedByLegacyWithItsAnswer(12);
        assertThat(routeState().get("fallbacks").asLong()).isEqualTo(2);
        assertThat(routeState().get("state").asText()).isEqualTo("MODERN");
    }

    @Test
    @Order(3)
    void shouldWaitForTheCategoriesThatArriveAfterTheProductsAndThenAnswerEveryProductWithItsCategory()
            throws Exception {
        List<Map<String, Object>> products = legacy.queryForList(
                "SELECT product_id, row_to_json(p)::text AS row FROM products p ORDER BY product_id");
        List<Map<String, Object>> categories = legacy.queryForList(
                "SELECT category_id, row_to_json(c)::text AS row FROM "
                        + "(SELECT category_id, category_name, description FROM categories) c ORDER BY category_id");
        try (JMSContext context = BROKER.createContext()) {
            for (int i = 0; i < products.size(); i++) {
                Map<String, Object> p = products.get(i);
                publish(context, "retail.product.changed", "public.products", "product_id", p.get("product_id"),
                        "snapshot", (String) p.get("row"), mark(i, products.size(), "last_in_data_collection"));
            }
            // the products are complete, the categories not yet: without readiness this is where the catalog
            // answered categoryName null
            await().atMost(Duration.ofSeconds(60)).until(() -> readModel.awaitingSnapshot(),
                    awaiting -> awaiting.equals(List.of("public.categories")));
            assertThat(readModel.productCount()).isEqualTo(products.size());
            HttpResponse<String> early = get(catalog.baseUrl() + "/api/v1/products/11");
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(json.readTree(early.body()).get("detail").asText()).contains("public.categories")
                    .doesNotContain("public.products");

            for (int i = 0; i < categories.size(); i++) {
                Map<String, Object> c = categories.get(i);
                publish(context, "retail.category.changed", "public.categories", "category_id",
                        c.get("category_id"), "snapshot", (String) c.get("row"), mark(i, categories.size(), "last"));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get(catalog.baseUrl() + "/health/readiness")
                .statusCode() == 200);
        assertThat(get(facade() + "/actuator/health/catalog-readiness").statusCode()).isEqualTo(200);

        Map<Integer, String> expected = new java.util.HashMap<>();
        legacy.query("SELECT p.product_id, c.category_name FROM products p JOIN categories c USING (category_id)",
                (java.sql.ResultSet rs) -> {
                    expected.put(rs.getInt(1), rs.getString(2));
                });
        for (Map<String, Object> p : products) {
            int id = ((Number) p.get("product_id")).intValue();
            HttpResponse<String> response = get(catalog.baseUrl() + "/api/v1/products/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json.readTree(response.body()).get("categoryName").asText()).as("product %d", id)
                    .isEqualTo(expected.get(id));
        }
        // the route left in MODERN is now served by the catalog, with the category
        HttpResponse<String> modern = get(facade() + "/api/v1/products/11");
        assertThat(modern.headers().firstValue("X-Ficus-Served-By")).hasValue("modern");
        assertThat(json.readTree(modern.body()).get("categoryName").asText()).isEqualTo("Dairy Products");
    }

    @Test
    @Order(4)
    void shouldShowTheCategoryOfAProductOnceTheCategoryArrivesAfterIt() throws Exception {
        try (JMSContext context = BROKER.createContext()) {
            publish(context, "retail.product.changed", "public.products", "product_id", 900, "create",
                    "{\"product_id\":900,\"product_name\":\"Ficus Tea\",\"supplier_id\":1,\"category_id\":90,"
                            + "\"quantity_per_unit\":\"1 box\",\"unit_price\":4.5,\"units_in_stock\":10,"
                            + "\"units_on_order\":0,\"reorder_level\":5,\"discontinued\":0}", null);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(catalog.baseUrl() + "/api/v1/products/900")
                    .statusCode() == 200);
            assertThat(json.readTree(get(catalog.baseUrl() + "/api/v1/products/900").body()).get("categoryName")
                    .isNull()).as("its category has not arrived yet").isTrue();

            publish(context, "retail.category.changed", "public.categories", "category_id", 90, "create",
                    "{\"category_id\":90,\"category_name\":\"Teas\",\"description\":null}", null);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json.readTree(
                get(catalog.baseUrl() + "/api/v1/products/900").body()).get("categoryName").asText())
                .isEqualTo("Teas"));
    }

    @Test
    @Order(5)
    void shouldBeReadyAtOnceAfterARestartWithTheReadModelAlreadyBuilt() throws Exception {
        CatalogService restarted = new CatalogService(new CatalogReadModel(ficusDataSource, "USD", true), 0, "127.0.0.1");
        restarted.start();
        try {
            HttpResponse<String> first = get(restarted.baseUrl() + "/api/v1/products/11");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(json.readTree(first.body()).get("categoryName").asText()).isEqualTo("Dairy Products");
            assertThat(get(restarted.baseUrl() + "/health/readiness").statusCode()).isEqualTo(200);
        } finally {
            restarted.stop();
        }
    }

    private static String mark(int index, int count, String lastMark) {
        if (index == count - 1) {
            return lastMark;
        }
        return index == 0 ? "first_in_data_collection" : "true";
    }

    /** Publishes one change event as the CDC capability does (CloudEvents JSON, durable, grouped by entity). */
    private void publish(JMSContext context, String type, String table, String keyColumn, Object key, String op,
                         String row, String snapshotMark) throws Exception {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "postgresql://catalog-readiness-it").put("type", type).put("subject", key.toString())
                .put("time", java.time.Instant.now().toString()).put("datacontenttype", "application/json")
                .put("lsn", "0").put("table", table);
        if (snapshotMark != null) {
            event.put("snapshot", snapshotMark);
        }
        ObjectNode data = event.putObject("data");
        data.put("op", op).put("table", table);
        data.putObject("key").put(keyColumn, ((Number) key).intValue());
        data.putNull("before");
        data.set("after", json.readTree(row));
        JMSProducer producer = context.createProducer().setProperty("JMSXGroupID", table + "/" + key);
        producer.send(context.createTopic(type), event.toString());
    }

    private void assertServedByLegacyWithItsAnswer(int id) throws Exception {
        HttpResponse<String> response = get(facade() + "/api/v1/products/" + id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        assertThat(json.readTree(response.body()).get("id").asInt()).isEqualTo(id);
        assertThat(json.readTree(response.body()).get("categoryName").isTextual()).isTrue();
    }

    private void move(String state, Integer percent) throws Exception {
        new TrafficAdmin(facade(), "catalog-readiness-it").move("facade-get-product", state, percent);
    }

    private JsonNode routeState() throws Exception {
        return new TrafficAdmin(facade(), "catalog-readiness-it").route("facade-get-product");
    }

    private double metric(String name, String... tags) throws Exception {
        StringBuilder query = new StringBuilder();
        for (String tag : tags) {
            query.append(query.isEmpty() ? "?" : "&").append("tag=").append(tag);
        }
        HttpResponse<String> response = get(facade() + "/actuator/metrics/" + name + query);
        return response.statusCode() == 200
                ? json.readTree(response.body()).at("/measurements/0/value").asDouble() : 0;
    }

    private String facade() {
        return "http://localhost:" + port;
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
