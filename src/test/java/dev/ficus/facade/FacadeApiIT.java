package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FullApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The modern API ({@code /api/v1}) end to end over the RetailCore mimic and the real Northwind database:
 * values equal the rows, paging and filters, order entry through SOAP, problem details, request ids, the cache,
 * and the OpenAPI document (parsed with the swagger-parser).
 */
class FacadeApiIT extends FullApplication {

    final ObjectMapper json = new ObjectMapper();

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldPageAndFilterProductsWithTheTotalCountOfNorthwind() throws Exception {
        JsonNode page = json.readTree(get("/api/v1/products?category=4&size=3&page=1").body());

        int dairy = legacyJdbc.queryForObject("SELECT count(*) FROM products WHERE category_id = 4", Integer.class);
        List<Integer> expected = legacyJdbc.queryForList(
                "SELECT product_id FROM products WHERE category_id = 4 ORDER BY product_id OFFSET 3 LIMIT 3",
                Integer.class);
        assertThat(page.get("totalCount").asInt()).isEqualTo(dairy).isEqualTo(10);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(3);
        assertThat(page.get("items").findValuesAsText("id")).containsExactlyElementsOf(
                expected.stream().map(String::valueOf).toList());
    }

    @Test
    void shouldFilterByNameCaseInsensitivelyAndByDiscontinued() throws Exception {
        JsonNode byName = json.readTree(get("/api/v1/products?name=queso%20c").body());
        JsonNode discontinued = json.readTree(get("/api/v1/products?discontinued=true&size=100").body());

        assertThat(byName.get("items").findValuesAsText("name")).containsExactly("Queso Cabrales");
        assertThat(discontinued.get("totalCount").asInt()).isEqualTo(
                legacyJdbc.queryForObject("SELECT count(*) FROM products WHERE discontinued = 1", Integer.class));
    }

    @Test
    void shouldListEveryInvalidParameterInOneProblem() throws Exception {
        HttpResponse<String> response = get("/api/v1/products?page=-1&size=500&discontinued=maybe&category=x");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("invalidParams").findValuesAsText("name"))
                .containsExactlyInAnyOrder("page", "size", "discontinued", "category");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldSendEachResponseHeaderOnce() throws Exception {
        for (String path : List.of("/api/v1/products/11", "/api/v1/products?size=2", "/api/v1/products/11/inventory",
                "/api/v1/products/abc", "/api/v1/products/99999", "/api/v1/customers/ALFKI")) {
            HttpResponse<String> response = get(path);

            response.headers().map().forEach((name, values) -> assertThat(values)
                    .as("%s: header %s", path, name).hasSize(1));
            assertThat(response.headers().allValues("Content-Type")).as(path).hasSize(1);
        }
    }

    @Test
    void shouldAnswerInventoryWithTheReorderRule() throws Exception {
        JsonNode stock = json.readTree(get("/api/v1/products/70/inventory").body());

        Map<String, Object> row = legacyJdbc.queryForMap("SELECT * FROM products WHERE product_id = 70");
        int inStock = ((Number) row.get("units_in_stock")).intValue();
        int onOrder = ((Number) row.get("units_on_order")).intValue();
        int reorderLevel = ((Number) row.get("reorder_level")).intValue();
        assertThat(stock.get("productId").asInt()).isEqualTo(70);
        assertThat(stock.get("unitsInStock").asInt()).isEqualTo(inStock);
        assertThat(stock.get("unitsOnOrder").asInt()).isEqualTo(onOrder);
        assertThat(stock.get("reorderLevel").asInt()).isEqualTo(reorderLevel);
        assertThat(stock.get("reorderNeeded").asBoolean()).isEqualTo(inStock + onOrder <= reorderLevel);
    }

    @Test
    void shouldAnswerACustomerAndTheirOrdersNewestFirst() throws Exception {
        JsonNode customer = json.readTree(get("/api/v1/customers/ALFKI").body());
        JsonNode orders = json.readTree(get("/api/v1/customers/ALFKI/orders").body());

        assertThat(customer.get("id").asText()).isEqualTo("ALFKI");
        assertThat(customer.get("companyName").asText()).isEqualTo("Alfreds Futterkiste");
        List<Integer> expected = legacyJdbc.queryForList(
                "SELECT order_id FROM orders WHERE customer_id = 'ALFKI' ORDER BY order_date DESC, order_id DESC",
                Integer.class);
        assertThat(orders.get("items").findValuesAsText("id")).containsExactlyElementsOf(
                expected.stream().map(String::valueOf).toList());
        assertThat(get("/api/v1/customers/ZZZZZ").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerAnOrderWithItsLinesAndExactMoney() throws Exception {
        JsonNode order = json.readTree(get("/api/v1/orders/10248").body());

        assertThat(order.get("customerId").asText()).isEqualTo("VINET");
        assertThat(order.get("orderDate").asText()).isEqualTo("1996-07-04");
        assertThat(order.at("/freight/amount").asText()).isEqualTo("32.38");
        assertThat(order.get("lines")).hasSize(3);
        assertThat(order.get("lines").findValuesAsText("productId")).containsExactly("11", "42", "72");
        assertThat(order.at("/lines/0/unitPrice/amount").asText()).isEqualTo("14.00");
    }

    @Test
    void shouldEnterAnOrderThroughSoapAndAnswer201WithTheStoredOrder() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(facade("/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"customerId":"ALFKI","employeeId":4,"requiredDate":"2026-12-24","shipVia":2,
                         "freight":{"amount":"12.50","currency":"USD"},
                         "lines":[{"productId":11,"quantity":6},
                                  {"productId":38,"quantity":2,"unitPrice":{"amount":"250.00","currency":"USD"},
                                   "discountPercent":"5.00"}]}""")).build());

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode order = json.readTree(created.body());
        int id = order.get("id").asInt();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/orders/" + id);
        Map<String, Object> row = legacyJdbc.queryForMap("SELECT * FROM orders WHERE order_id = ?", id);
        assertThat(row.get("customer_id")).isEqualTo("ALFKI");
        assertThat(new BigDecimal(row.get("freight").toString())).isEqualByComparingTo("12.50");
        assertThat(legacyJdbc.queryForObject("SELECT count(*) FROM order_details WHERE order_id = ?",
                Integer.class, id)).isEqualTo(2);
        assertThat(order.at("/lines/1/discountPercent").asText()).isEqualTo("5.00");
        assertThat(order.at("/lines/0/unitPrice/amount").asText()).isEqualTo("21.00");
    }

    @Test
    void shouldCarryTheSoapFaultCodeInA502() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(facade("/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customerId\":\"ZZZZZ\",\"lines\":[{\"productId\":11,\"quantity\":1}]}")).build());

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("faultCode").asText()).isEqualTo("soap:Client");
        assertThat(problem.get("faultString").asText()).contains("ZZZZZ");
    }

    @Test
    void shouldRefuseAnInvalidOrderNamingEachField() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(facade("/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"customerId":"no spaces!","requiredDate":"24/12/2026",
                         "lines":[{"productId":11,"quantity":0,"unitPrice":{"amount":"1.234","currency":"EUR"}},
                                  {"productId":11,"quantity":1}]}""")).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("invalidParams").findValuesAsText("name"))
                .containsExactlyInAnyOrder("customerId", "requiredDate", "lines[0].quantity",
                        "lines[0].unitPrice.amount", "lines[0].unitPrice.currency", "lines[1].productId");
        assertThat(send(HttpRequest.newBuilder(facade("/api/v1/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build()).statusCode()).isEqualTo(400);
        // text after the object is not JSON: 400 here, not a 502 from the XSLT that reads the whole body
        HttpResponse<String> trailing = send(HttpRequest.newBuilder(facade("/api/v1/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customerId\":\"ALFKI\",\"lines\":[{\"productId\":11,\"quantity\":1}]} {}")).build());
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(trailing.body()).get("invalidParams").findValuesAsText("name"))
                .containsExactly("body");
    }

    @Test
    void shouldKeepAValidRequestIdAndReplaceAnUnsafeOne() throws Exception {
        HttpResponse<String> kept = send(HttpRequest.newBuilder(facade("/api/v1/products/1"))
                .header("X-Request-Id", "till-42.abc").build());
        HttpResponse<String> replaced = send(HttpRequest.newBuilder(facade("/api/v1/products/99999"))
                .header("X-Request-Id", "bad id\u00e9").build());

        assertThat(kept.headers().allValues("X-Request-Id")).containsExactly("till-42.abc");
        String generated = replaced.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(json.readTree(replaced.body()).get("requestId").asText()).isEqualTo(generated);
    }

    @Test
    void shouldServeProductsFromTheCacheWithinTheTtlAndFreshAfterIt() throws Exception {
        double hitsBefore = cacheGets("hit");
        HttpResponse<String> fresh = get("/api/v1/products/13");
        JsonNode first = json.readTree(fresh.body());
        legacyJdbc.update("UPDATE products SET units_in_stock = units_in_stock + 100 WHERE product_id = 13");
        long changedAt = System.nanoTime();

        HttpResponse<String> cached = get("/api/v1/products/13");
        JsonNode second = json.readTree(cached.body());

        assertThat(cacheGets("hit")).isEqualTo(hitsBefore + 1);
        assertThat(second).isEqualTo(first);
        // a cached answer still passes traffic control's last step (marked, and shadowed when the route shadows)
        assertThat(fresh.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        assertThat(cached.headers().firstValue("X-Ficus-Served-By")).hasValue("legacy");
        assertThat(cached.headers().firstValue("Content-Type")).hasValue("application/json");
        await().atMost(Duration.ofMillis(CACHE_TTL_MS + 10_000)).untilAsserted(() ->
                assertThat(json.readTree(get("/api/v1/products/13").body()).get("unitsInStock").asInt())
                        .isEqualTo(first.get("unitsInStock").asInt() + 100));
        assertThat(Duration.ofNanos(System.nanoTime() - changedAt)).isLessThan(Duration.ofMillis(CACHE_TTL_MS + 10_000));
    }

    @Test
    void shouldEvictACachedProductWhenItsChangeEventArrives() throws Exception {
        JsonNode first = json.readTree(get("/api/v1/products/14").body());
        legacyJdbc.update("UPDATE products SET units_in_stock = units_in_stock + 7 WHERE product_id = 14");
        assertThat(json.readTree(get("/api/v1/products/14").body())).isEqualTo(first);   // cached

        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                "tcp://localhost:" + ARTEMIS_PORT); var jms = factory.createContext()) {
            jms.createProducer().send(jms.createTopic("retail.product.changed"), """
                    {"specversion":"1.0","id":"it-14","source":"postgresql://it","type":"retail.product.changed",
                     "subject":"14","datacontenttype":"application/json","data":{}}""");
        }

        await().atMost(Duration.ofMillis(CACHE_TTL_MS - 1_000)).untilAsserted(() ->
                assertThat(json.readTree(get("/api/v1/products/14").body()).get("unitsInStock").asInt())
                        .isEqualTo(first.get("unitsInStock").asInt() + 7));
    }

    @Test
    void shouldServeAnOpenApiDocumentThatAParserAcceptsAndThatListsEveryRoute() throws Exception {
        HttpResponse<String> response = get("/api/v1/openapi.json");

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths().keySet()).contains("/api/v1/products", "/api/v1/products/{id}",
                "/api/v1/products/{id}/inventory", "/api/v1/customers/{id}", "/api/v1/customers/{id}/orders",
                "/api/v1/orders", "/api/v1/orders/{id}");
        assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/orders").getPost()).isNotNull();
        assertThat(get("/api/v1/swagger-ui/index.html").statusCode()).isEqualTo(200);
        HttpResponse<String> springdoc = get("/internal/springdoc");
        assertThat(springdoc.statusCode()).isEqualTo(200);
        assertThat(springdoc.body()).as("springdoc's own document lists no controller").doesNotContain("/admin")
                .doesNotContain("/cdc/events");
        assertThat(get("/internal/springdoc/swagger-config").body()).contains("/api/v1/openapi.json");
    }

    private double cacheGets(String result) {
        var counter = meters.find("cache.gets").tag("cache", "facade.products").tag("result", result).functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
