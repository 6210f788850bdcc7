package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.client.ApiClient;
import dev.ficus.client.ApiException;
import dev.ficus.client.api.CustomersApi;
import dev.ficus.client.api.OrdersApi;
import dev.ficus.client.api.ProductsApi;
import dev.ficus.client.model.Money;
import dev.ficus.client.model.Order;
import dev.ficus.client.model.OrderRequest;
import dev.ficus.client.model.OrderRequestLine;
import dev.ficus.client.model.Product;
import dev.ficus.client.model.ProductPage;
import dev.ficus.testsupport.FullApplication;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API contract against the running façade (RetailCore mimic, Northwind): the served document is the committed
 * {@code api/openapi.json} (apart from {@code servers}, which names the deployment), and the Java client that
 * openapi-generator makes of the committed copy ({@code dev.ficus.client}, generate-test-sources) works: lists and
 * reads products, maps a 404 to problem+json, reads a customer's orders and enters an order.
 */
class ApiContractIT extends FullApplication {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldServeTheCommittedDocument() throws Exception {
        HttpResponse<String> served = get(ApiDocument.PATH);

        assertThat(served.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(served.body());
        assertThat(document.at("/servers/0/url").asText()).startsWith("http://localhost");   // camel.rest.host
        assertThat(ApiContractChecks.withoutServers(document))
                .as("the served document differs from api/openapi.json (contract drift)")
                .isEqualTo(json.readTree(ApiContractTest.COMMITTED.toFile()));
    }

    @Test
    void shouldListAndReadProductsWithTheGeneratedClient() throws Exception {
        ProductsApi products = new ProductsApi(client());

        ProductPage page = products.facadeProductsList(0, 5, 4, null, null);
        Product cabrales = products.facadeProductsGetOne(11);

        assertThat(page.getTotalCount()).isEqualTo(10);
        assertThat(page.getItems()).hasSize(5).allSatisfy(p -> assertThat(p.getCategoryId()).isEqualTo(4));
        assertThat(cabrales.getName()).isEqualTo("Queso Cabrales");
        assertThat(cabrales.getUnitPrice().getAmount()).isEqualTo("21.00");
        assertThat(products.facadeProductsInventory(11).getProductId()).isEqualTo(11);
    }

    @Test
    void shouldAnswerAnUnknownProductWithAProblemTheContractDescribes() throws Exception {
        ApiException missing = catchThrowableOfType(ApiException.class,
                () -> new ProductsApi(client()).facadeProductsGetOne(99999));

        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(missing.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(missing.getResponseBody());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/products/99999");
        assertThat(problem.get("requestId").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    }

    @Test
    void shouldReadACustomerAndEnterAnOrderWithTheGeneratedClient() throws Exception {
        ApiClient client = client();

        assertThat(new CustomersApi(client).facadeCustomersGetOne("ALFKI").getCompanyName())
                .isEqualTo("Alfreds Futterkiste");
        assertThat(new CustomersApi(client).facadeCustomersOrders("ALFKI").getItems()).isNotEmpty();
        Order created = new OrdersApi(client).facadeOrdersCreate(new OrderRequest().customerId("ALFKI")
                .freight(new Money().amount("12.50").currency("USD"))
                .lines(List.of(new OrderRequestLine().productId(11).quantity(6))));

        assertThat(created.getId()).isPositive();
        assertThat(created.getCustomerId()).isEqualTo("ALFKI");
        assertThat(created.getLines()).singleElement().satisfies(line -> {
            assertThat(line.getProductId()).isEqualTo(11);
            assertThat(line.getQuantity()).isEqualTo(6);
        });
        assertThat(new OrdersApi(client).facadeOrdersGetOne(created.getId()).getFreight().getAmount())
                .isEqualTo("12.50");
    }

    private ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        return client;
    }
}
