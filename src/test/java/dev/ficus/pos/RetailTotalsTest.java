package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RetailTotalsTest {

    final PosValues v = new PosValues(XmlNodes.NS, "k", "USD");
    final ObjectNode data = JsonNodeFactory.instance.objectNode();

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void shouldBalanceWhenLinesDiscountsTaxAndTendersAddUp() {
        RetailTotals totals = new RetailTotals();
        totals.addLine(d("10.00"), false);
        totals.addLine(d("-2.00"), true);
        totals.addDiscount(d("1.00"));
        totals.addLineTax(d("0.70"), false);
        totals.addTendered(d("10.00"));
        totals.addChange(d("2.30"));

        assertThat(totals.writeTo(data, d("7.70"), v)).isTrue();
        assertThat(totals.saleLines()).isEqualTo(1);
        assertThat(totals.returnLines()).isEqualTo(1);
        assertThat(data.toString()).isEqualTo("{\"totals\":{\"lines\":{\"amount\":\"8.00\",\"currency\":\"USD\"},"
                + "\"discounts\":{\"amount\":\"1.00\",\"currency\":\"USD\"},"
                + "\"tax\":{\"amount\":\"0.70\",\"currency\":\"USD\"},"
                + "\"taxIncludedInPrices\":{\"amount\":\"0.00\",\"currency\":\"USD\"},"
                + "\"total\":{\"amount\":\"7.70\",\"currency\":\"USD\"},"
                + "\"tendered\":{\"amount\":\"10.00\",\"currency\":\"USD\"},"
                + "\"change\":{\"amount\":\"2.30\",\"currency\":\"USD\"}},"
                + "\"totalsCheck\":{\"mismatches\":[],\"balanced\":true}}");
    }

    @Test
    void shouldFlagEachRuleThatDoesNotHold() {
        RetailTotals totals = new RetailTotals();
        totals.addLine(d("10.00"), false);
        totals.addTendered(d("9.00"));

        assertThat(totals.writeTo(data, d("9.50"), v)).isFalse();
        assertThat(data.at("/totalsCheck/mismatches").toString()).isEqualTo("["
                + "{\"rule\":\"lines-discounts+tax=total\",\"computed\":\"10.00\",\"total\":\"9.50\"},"
                + "{\"rule\":\"tendered-change=total\",\"computed\":\"9.00\",\"total\":\"9.50\"}]");
    }

    @Test
    void shouldFlagAMissingTotalAndLeaveItOut() {
        RetailTotals totals = new RetailTotals();

        assertThat(totals.writeTo(data, null, v)).isFalse();
        assertThat(data.at("/totals").has("total")).isFalse();
        assertThat(data.at("/totalsCheck/mismatches/0").toString())
                .isEqualTo("{\"rule\":\"total-present\","
                        + "\"detail\":\"no Total with TotalType=TransactionGrandAmount\"}");
    }

    @Test
    void shouldCountTaxLineItemsInsteadOfTheLinesTaxesOnceThereIsOne() {
        RetailTotals totals = new RetailTotals();
        totals.addLineTax(d("0.50"), false);
        totals.addLineTax(d("0.20"), true);
        assertThat(totals.tax()).isEqualByComparingTo("0.50");
        assertThat(totals.taxIncludedInPrices()).isEqualByComparingTo("0.20");

        totals.addSummaryTax(d("0.66"), true);

        assertThat(totals.tax()).isEqualByComparingTo("0");
        assertThat(totals.taxIncludedInPrices()).isEqualByComparingTo("0.66");
    }

    @Test
    void shouldCountAReversalsAmountButNotTheLine() {
        RetailTotals totals = new RetailTotals();
        totals.addLine(d("5.00"), false);
        totals.addReversal(d("-5.00"));

        assertThat(totals.writeTo(data, d("0.00"), v)).isTrue();
        assertThat(data.at("/totals/lines/amount").asText()).isEqualTo("0.00");
        assertThat(totals.saleLines()).isEqualTo(1);
    }
}
