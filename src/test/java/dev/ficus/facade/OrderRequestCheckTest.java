package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OrderRequestCheckTest {

    final ObjectMapper json = new ObjectMapper();
    final OrderRequestCheck check = new OrderRequestCheck("USD");

    @Test
    void shouldAcceptAFullValidOrder() throws Exception {
        assertThat(check.errors(order("""
                {"customerId":"ALFKI","employeeId":4,"requiredDate":"2026-12-24","shipVia":2,
                 "freight":{"amount":"12.50","currency":"USD"},"shipCity":"Berlin",
                 "lines":[{"productId":11,"quantity":6},
                          {"productId":38,"quantity":2,"unitPrice":{"amount":"250.00","currency":"USD"},
                           "discountPercent":"5.00"}]}"""))).isEmpty();
    }

    @Test
    void shouldNameEveryOffendingFieldInOrder() throws Exception {
        assertThat(check.errors(order("""
                {"customerId":"no spaces!","employeeId":1.5,"requiredDate":"24/12/2026",
                 "shipCity":"A city name far too long",
                 "lines":[{"productId":11,"quantity":0,"unitPrice":{"amount":"1.234","currency":"EUR"},
                           "discountPercent":"100.01"},
                          {"productId":11,"quantity":1},
                          {"productId":40000,"quantity":40000}]}""")))
                .containsEntry("customerId", "must be 1 to 5 letters or digits, got \"no spaces!\"")
                .containsEntry("employeeId", "must be a positive integer")
                .containsEntry("requiredDate", "must be an ISO-8601 date (yyyy-MM-dd)")
                .containsEntry("shipCity", "must be text of at most 15 characters")
                .containsEntry("lines[0].quantity", "must be an integer from 1 to 32767, got 0")
                .containsEntry("lines[0].unitPrice.amount",
                        "must be a decimal string from 0 to 9999.99, 2 decimals at most")
                .containsEntry("lines[0].unitPrice.currency", "must be USD, RetailCore's currency")
                .containsEntry("lines[0].discountPercent", "must be a decimal string from 0 to 100, 2 decimals at most")
                .containsEntry("lines[1].productId", "appears in more than one line")
                .containsEntry("lines[2].productId", "must be an integer from 1 to 32767, got 40000")
                .containsEntry("lines[2].quantity", "must be an integer from 1 to 32767, got 40000")
                .hasSize(11);
    }

    @Test
    void shouldSayRequiredOnlyWhenAbsentAndNeverTakeAFractionOrAStringForAnInteger() throws Exception {
        // fresh-user trial: "quantity":"6" was answered "is required"
        assertThat(check.errors(order("""
                {"lines":[{"productId":"11","quantity":6.5},{"quantity":null}]}""")))
                .containsEntry("customerId", "is required: 1 to 5 letters or digits")
                .containsEntry("lines[0].productId", "must be an integer from 1 to 32767, got \"11\"")
                .containsEntry("lines[0].quantity", "must be an integer from 1 to 32767, got 6.5")
                .containsEntry("lines[1].productId", "is required: an integer from 1 to 32767")
                .containsEntry("lines[1].quantity", "is required: an integer from 1 to 32767")
                .hasSize(5);
    }

    @Test
    void shouldWantOneToAHundredLines() throws Exception {
        assertThat(check.errors(order("{\"customerId\":\"ALFKI\",\"lines\":[]}")))
                .containsOnlyKeys("lines").containsValue("must hold 1 to 100 lines");
        assertThat(check.errors(order("{\"customerId\":\"ALFKI\"}"))).containsOnlyKeys("lines");
    }

    private JsonNode order(String text) throws Exception {
        return json.readTree(text);
    }
}
