package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Problems problems = new Problems(json);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void clear() throws Exception {
        MDC.remove(RequestIds.MDC_KEY);
        camel.close();
    }

    @Test
    void shouldAnswerAnExchangeWithEveryInvalidFieldAndOnlyItsOwnHeaders() throws Exception {
        Exchange exchange = exchange();
        exchange.setProperty(FicusHeaders.REQUEST_PATH_PROPERTY, "/api/v1/products/x");
        exchange.setProperty(FicusHeaders.REQUEST_ID_PROPERTY, "req-1");
        exchange.getMessage().setHeader("Authorization", "Bearer secret");

        problems.badRequest(exchange, List.of(Map.entry("id", "must be a number"), Map.entry("size", "too big")));

        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE,
                Exchange.CONTENT_TYPE);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(exchange.getMessage().getBody()).isInstanceOf(String.class);
        JsonNode problem = json.readTree(exchange.getMessage().getBody(String.class));
        assertThat(names(problem)).containsExactly("type", "title", "status", "detail", "instance", "requestId",
                "invalidParams");
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isEqualTo("id: must be a number; size: too big");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/products/x");
        assertThat(problem.get("requestId").asText()).isEqualTo("req-1");
        assertThat(problem.get("invalidParams").toString())
                .isEqualTo("[{\"name\":\"id\",\"reason\":\"must be a number\"},"
                        + "{\"name\":\"size\",\"reason\":\"too big\"}]");
    }

    @Test
    void shouldFallBackToTheHttpUriAndRequestIdHeaders() throws Exception {
        Exchange exchange = exchange();
        exchange.getIn().setHeader(Exchange.HTTP_URI, "/api/v1/orders/7");
        exchange.getIn().setHeader(FicusHeaders.REQUEST_ID, "req-2");

        problems.notFound(exchange, "order 7 not found");

        JsonNode problem = json.readTree(exchange.getMessage().getBody(String.class));
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Not Found");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/orders/7");
        assertThat(problem.get("requestId").asText()).isEqualTo("req-2");
    }

    @Test
    void shouldCarryTheSoapFaultAndTheRetryAfter() throws Exception {
        Exchange fault = exchange();
        problems.soapFault(fault, "soap:Client", "Customer ZZZZZ does not exist");
        JsonNode problem = json.readTree(fault.getMessage().getBody(String.class));
        assertThat(problem.get("status").asInt()).isEqualTo(502);
        assertThat(problem.get("faultCode").asText()).isEqualTo("soap:Client");
        assertThat(problem.get("faultString").asText()).isEqualTo("Customer ZZZZZ does not exist");
        assertThat(problem.get("detail").asText()).isEqualTo("RetailCore answered a SOAP fault: "
                + "Customer ZZZZZ does not exist");
        assertThat(problem.has("instance")).isFalse();

        Exchange down = exchange();
        problems.unavailable(down, "RetailCore is unreachable", 5);
        assertThat(down.getMessage().getHeader("Retry-After")).isEqualTo(5);
        assertThat(down.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(json.readTree(down.getMessage().getBody(String.class)).get("title").asText())
                .isEqualTo("Service Unavailable");

        Exchange slow = exchange();
        problems.gatewayTimeout(slow, "RetailCore did not answer within 10 ms");
        assertThat(json.readTree(slow.getMessage().getBody(String.class)).get("title").asText())
                .isEqualTo("Gateway Timeout");
    }

    @Test
    void shouldWriteTheSameShapeToAServletResponse() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "req-3");
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/admin/traffic/x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ficus-admin\"");

        problems.write(request, response, Problems.problem(401, "token needed"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"ficus-admin\"");
        assertThat(response.getHeader(FicusHeaders.REQUEST_ID)).isEqualTo("req-3");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        JsonNode problem = json.readTree(response.getContentAsByteArray());
        assertThat(names(problem)).containsExactly("type", "title", "status", "detail", "instance", "requestId");
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.get("instance").asText()).isEqualTo("/admin/traffic/x");
    }

    @Test
    void shouldKeepWhatTheProblemAlreadyHasAndEncodeAnInvalidPath() {
        var problem = Problems.problem(400, "x");
        problem.setProperty("requestId", "given");
        Problems.withContext(problem, "/a b", "other");
        assertThat(problem.getProperties()).containsEntry("requestId", "given");
        assertThat(problem.getInstance()).hasToString("/a%20b");
    }

    private Exchange exchange() {
        return new DefaultExchange(camel);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
