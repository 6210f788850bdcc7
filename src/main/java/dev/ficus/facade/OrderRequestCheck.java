package dev.ficus.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks a canonical order request (JSON) against what RetailCore's order entry accepts; the shape is documented
 * on {@link FacadeRequests#orderRequest}. Collects every offending field, never throws.
 */
final class OrderRequestCheck {

    /** Most lines an order may have. */
    static final int MAX_LINES = 100;

    private static final int MAX_SMALLINT = 32767;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999.99");
    private static final Map<String, Integer> SHIP_FIELD_LENGTHS = Map.of("shipName", 40, "shipAddress", 60,
            "shipCity", 15, "shipRegion", 15, "shipPostalCode", 10, "shipCountry", 15);

    private final String currency;

    /** @param currency the ISO 4217 code every money amount must carry */
    OrderRequestCheck(String currency) {
        this.currency = currency;
    }

    /**
     * @param order the parsed request body, a JSON object
     * @return field (e.g. {@code lines[0].quantity}) to reason, in the order found; empty when the order is valid
     */
    Map<String, String> errors(JsonNode order) {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode customer = order.get("customerId");
        if (customer == null || !customer.isTextual() || !customer.asText().matches(FacadeRequests.CUSTOMER_ID)) {
            errors.put("customerId", problem(customer, "1 to 5 letters or digits"));
        }
        optionalPositiveInt(order, "employeeId", errors);
        optionalPositiveInt(order, "shipVia", errors);
        JsonNode required = order.get("requiredDate");
        if (required != null && !required.isNull()) {
            try {
                LocalDate.parse(required.asText());
            } catch (DateTimeParseException e) {
                errors.put("requiredDate", "must be an ISO-8601 date (yyyy-MM-dd)");
            }
        }
        money(order.get("freight"), "freight", errors);
        SHIP_FIELD_LENGTHS.forEach((field, max) -> {
            JsonNode v = order.get(field);
            if (v != null && !v.isNull() && (!v.isTextual() || v.asText().length() > max)) {
                errors.put(field, "must be text of at most " + max + " characters");
            }
        });
        lines(order.get("lines"), errors);
        return errors;
    }

    private void lines(JsonNode lines, Map<String, String> errors) {
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            errors.put("lines", "must hold 1 to " + MAX_LINES + " lines");
            return;
        }
        Set<Integer> products = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            line(lines.get(i), "lines[" + i + "].", products, errors);
        }
    }

    private void line(JsonNode line, String at, Set<Integer> products, Map<String, String> errors) {
        JsonNode product = line.get("productId");
        if (!smallPositiveInt(product)) {
            errors.put(at + "productId", problem(product, "an integer from 1 to " + MAX_SMALLINT));
        } else if (!products.add(product.asInt())) {
            errors.put(at + "productId", "appears in more than one line");
        }
        JsonNode quantity = line.get("quantity");
        if (!smallPositiveInt(quantity)) {
            errors.put(at + "quantity", problem(quantity, "an integer from 1 to " + MAX_SMALLINT));
        }
        money(line.get("unitPrice"), at + "unitPrice", errors);
        JsonNode discount = line.get("discountPercent");
        if (discount != null && !discount.isNull()) {
            BigDecimal d = decimal(discount.asText());
            if (d == null || d.scale() > 2 || d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0) {
                errors.put(at + "discountPercent", "must be a decimal string from 0 to 100, 2 decimals at most");
            }
        }
    }

    private void money(JsonNode money, String field, Map<String, String> errors) {
        if (money == null || money.isNull()) {
            return;
        }
        BigDecimal amount = money.has("amount") ? decimal(money.get("amount").asText()) : null;
        if (amount == null || amount.scale() > 2 || amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0) {
            errors.put(field + ".amount", "must be a decimal string from 0 to 9999.99, 2 decimals at most");
        }
        if (!money.has("currency") || !currency.equals(money.get("currency").asText())) {
            errors.put(field + ".currency", "must be " + currency + ", RetailCore's currency");
        }
    }

    private static boolean smallPositiveInt(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1
                && v.asInt() <= MAX_SMALLINT;
    }

    /** "is required: rule" when the member is absent or null, else "must be rule, got value" (value as JSON). */
    private static String problem(JsonNode given, String rule) {
        if (given == null || given.isNull() || given.isMissingNode()) {
            return "is required: " + rule;
        }
        String value = given.toString();
        return "must be " + rule + ", got " + (value.length() > 40 ? value.substring(0, 40) + "…" : value);
    }

    private static BigDecimal decimal(String text) {
        try {
            return text == null || !text.matches("-?[0-9]+(\\.[0-9]+)?") ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void optionalPositiveInt(JsonNode node, String field, Map<String, String> errors) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1)) {
            errors.put(field, "must be a positive integer");
        }
    }
}
