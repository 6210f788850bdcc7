package dev.ficus.facade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.Problems;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Validates modern API requests and turns them into RetailCore calls; registered as the bean
 * {@code facadeRequests} for the YAML routes under {@code routes/facade/} (the {@code request} parameter of
 * {@link FacadeRouteTemplate} names one of its methods).
 *
 * <p>Every method reads the request from the exchange (path and query parameters are message headers, a JSON
 * body is a {@code String}) and either sets {@value FacadeHeaders#LEGACY_PATH} (plus further headers named
 * below) or answers 400 {@code application/problem+json} listing every offending field in
 * {@code invalidParams} and marks the exchange to stop ({@code Exchange.ROUTE_STOP}).
 */
@Component("facadeRequests")
public class FacadeRequests {

    /** Largest page a client may ask for, in items. */
    public static final int MAX_PAGE_SIZE = 100;

    /** RetailCore's CUSTOMER_ID: 1 to 5 letters or digits. */
    static final String CUSTOMER_ID = "[A-Za-z0-9]{1,5}";

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_NAME_LENGTH = 40;

    private final Problems problems;
    private final ObjectMapper mapper;
    private final OrderRequestCheck orders;

    /**
     * @param problems   writes the 400 answers
     * @param properties {@code facade.currency}: the ISO 4217 currency RetailCore keeps its money in
     * @param mapper     Spring's JSON mapper, reads order requests
     */
    public FacadeRequests(Problems problems, FacadeProperties properties, ObjectMapper mapper) {
        this.problems = problems;
        this.mapper = mapper;
        this.orders = new OrderRequestCheck(properties.currency());
    }

    /**
     * {@code GET /api/v1/products/{id}} and {@code /inventory}: header {@code id} must be a positive integer.
     * Sets {@value FacadeHeaders#LEGACY_PATH} to {@code <prefix><id>}.
     *
     * @param exchange    the façade exchange
     * @param legacyPrefix e.g. {@code /retailcore/products/}
     */
    public void productId(Exchange exchange, String legacyPrefix) {
        Map<String, String> errors = new LinkedHashMap<>();
        String id = positiveInteger(exchange.getMessage().getHeader("id", String.class), "id", errors);
        finish(exchange, errors, legacyPrefix + id);
    }

    /**
     * {@code GET /api/v1/customers/{id}} (and {@code /orders}): header {@code id} must be 1 to 5 letters or
     * digits. Sets {@value FacadeHeaders#LEGACY_PATH} to {@code <prefix><id><suffix>}.
     *
     * @param exchange     the façade exchange
     * @param legacyPrefix e.g. {@code /retailcore/customers/}
     * @param legacySuffix e.g. {@code /orders}, or empty
     */
    public void customerId(Exchange exchange, String legacyPrefix, String legacySuffix) {
        Map<String, String> errors = new LinkedHashMap<>();
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || !id.matches(CUSTOMER_ID)) {
            errors.put("id", "must be 1 to 5 letters or digits");
        }
        finish(exchange, errors, legacyPrefix + id + legacySuffix);
    }

    /**
     * {@code GET /api/v1/products?page&size&category&discontinued&name}: page (0-based, default 0),
     * size (1 to {@value #MAX_PAGE_SIZE}, default 20), category (positive integer), discontinued
     * ({@code true}/{@code false}), name (substring, at most 40 characters). Sets
     * {@value FacadeHeaders#LEGACY_PATH} to {@code /retailcore/products?start=..&count=..[&category..]} and the
     * exchange properties {@code FicusPage} and {@code FicusSize} (integers) for the response envelope.
     *
     * @param exchange the façade exchange
     */
    public void productQuery(Exchange exchange) {
        Message in = exchange.getMessage();
        Map<String, String> errors = new LinkedHashMap<>();
        int page = intInRange(in.getHeader("page", String.class), "page", 0, 0, 1_000_000, errors);
        int size = intInRange(in.getHeader("size", String.class), "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
        StringJoiner query = new StringJoiner("&", "/retailcore/products?", "");
        query.add("start=" + ((long) page * size));
        query.add("count=" + size);
        String category = in.getHeader("category", String.class);
        if (category != null) {
            query.add("category=" + positiveInteger(category, "category", errors));
        }
        String discontinued = in.getHeader("discontinued", String.class);
        if (discontinued != null) {
            if (discontinued.equals("true") || discontinued.equals("false")) {
                query.add("discontinued=" + (discontinued.equals("true") ? "Y" : "N"));
            } else {
                errors.put("discontinued", "must be true or false");
            }
        }
        String name = in.getHeader("name", String.class);
        if (name != null) {
            if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
                errors.put("name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
            } else {
                query.add("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        exchange.setProperty("FicusPage", page);
        exchange.setProperty("FicusSize", size);
        finish(exchange, errors, query.toString());
    }

    /**
     * {@code POST /api/v1/orders}: validates the canonical order JSON (body {@code String}) against what
     * RetailCore's order entry accepts. On success the body is left as is, {@value FacadeHeaders#LEGACY_PATH}
     * is {@code /retailcore/soap/OrderEntry}, and the mapping {@code order-request-to-soap.xsl} builds the SOAP
     * request from it.
     *
     * <p>Shape: {@code customerId} (required, 1 to 5 letters or digits), {@code employeeId}, {@code shipVia}
     * (positive integers), {@code requiredDate} (ISO-8601 date), {@code freight} (money), {@code shipName},
     * {@code shipAddress}, {@code shipCity}, {@code shipRegion}, {@code shipPostalCode}, {@code shipCountry}
     * (strings), {@code lines} (1 to 100, each product once: {@code productId} required, {@code quantity}
     * required 1 to 32767, {@code unitPrice} money, {@code discountPercent} decimal string 0 to 100 with at most
     * 2 decimals). Money is {@code {"amount":"12.50","currency":"USD"}}, amount 0 to 9999.99 with at most 2
     * decimals, currency the legacy one.
     *
     * @param exchange the façade exchange
     */
    public void orderRequest(Exchange exchange) {
        JsonNode order = parse(exchange.getMessage().getBody(String.class));
        if (order == null || !order.isObject()) {
            finish(exchange, Map.of("body", "must be a JSON object"), null);
            return;
        }
        finish(exchange, orders.errors(order), "/retailcore/soap/OrderEntry");
    }

    private JsonNode parse(String json) {
        try {
            // one JSON value: text after it would reach the XSLT, which reads the whole body, and fail there
            return json == null ? null : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String positiveInteger(String value, String field, Map<String, String> errors) {
        if (value == null || !value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1) {
            errors.put(field, "must be a positive integer");
            return "0";
        }
        return Integer.toString(Integer.parseInt(value));
    }

    private static int intInRange(String value, String field, int dflt, int min, int max, Map<String, String> errors) {
        if (value == null) {
            return dflt;
        }
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            errors.put(field, "must be an integer from " + min + " to " + max);
            return dflt;
        }
        return Integer.parseInt(value);
    }

    private void finish(Exchange exchange, Map<String, String> errors, String legacyPath) {
        if (errors.isEmpty()) {
            exchange.getMessage().setHeader(FacadeHeaders.LEGACY_PATH, legacyPath);
            return;
        }
        List<Map.Entry<String, String>> invalid = new ArrayList<>(errors.entrySet());
        problems.badRequest(exchange, invalid);
        exchange.setRouteStop(true);
    }
}
