package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class ItemLinesTest {

    final PosValues v = new PosValues(XmlNodes.NS, "k", "USD");
    final RetailTotals totals = new RetailTotals();
    final ArrayNode lines = JsonNodeFactory.instance.arrayNode();
    final ArrayNode voidedLines = JsonNodeFactory.instance.arrayNode();
    final ArrayNode discounts = JsonNodeFactory.instance.arrayNode();
    final ItemLines items = new ItemLines(v, totals, lines, voidedLines, discounts,
            ReturnSignals.none());

    @Test
    void shouldMapASaleLineWithItsDiscountAndTax() {
        items.add(XmlNodes.parse("<Sale><ItemID>A</ItemID><POSIdentity><POSItemID>0042</POSItemID></POSIdentity>"
                + "<Description>Tea</Description><RegularSalesUnitPrice>2.5</RegularSalesUnitPrice>"
                + "<ExtendedAmount>5.00</ExtendedAmount><Quantity>2.000</Quantity>"
                + "<RetailPriceModifier><Amount>-0.50</Amount><ReasonCode>promo</ReasonCode></RetailPriceModifier>"
                + "<RetailPriceModifier VoidFlag=\"true\"><Amount>9</Amount></RetailPriceModifier>"
                + "<Tax><Amount>0.35</Amount></Tax></Sale>"), false, false, "1");

        assertThat(lines.toString()).isEqualTo("[{\"lineNumber\":\"1\",\"kind\":\"sale\",\"itemId\":\"A\","
                + "\"posItemId\":\"0042\",\"description\":\"Tea\",\"quantity\":\"2.000\","
                + "\"unitPrice\":{\"amount\":\"2.50\",\"currency\":\"USD\"},"
                + "\"extendedAmount\":{\"amount\":\"5.00\",\"currency\":\"USD\"}}]");
        assertThat(discounts.toString()).isEqualTo("[{\"lineNumber\":\"1\",\"kind\":\"line\",\"reason\":\"promo\","
                + "\"amount\":{\"amount\":\"0.50\",\"currency\":\"USD\"}}]");
        assertThat(voidedLines).isEmpty();
        assertThat(totals.saleLines()).isEqualTo(1);
        assertThat(totals.tax()).isEqualByComparingTo("0.35");
    }

    @Test
    void shouldNegateAReturnLineItsDiscountAndItsAddedTaxButNotItsIncludedTax() {
        items.add(XmlNodes.parse("<Return><ExtendedAmount>10</ExtendedAmount>"
                + "<RetailPriceModifier><Amount>1</Amount></RetailPriceModifier>"
                + "<Tax><Amount>0.8</Amount></Tax>"
                + "<Tax><TaxableAmount TaxIncludedInTaxableAmountFlag=\"true\">5</TaxableAmount><Amount>0.1</Amount>"
                + "</Tax></Return>"), true, false, null);

        assertThat(lines.get(0).path("kind").asText()).isEqualTo("return");
        assertThat(lines.get(0).has("lineNumber")).isFalse();
        assertThat(totals.returnLines()).isEqualTo(1);
        assertThat(totals.tax()).isEqualByComparingTo("-0.8");
        assertThat(totals.taxIncludedInPrices()).isEqualByComparingTo("0.1");
        assertThat(discounts.get(0).at("/amount/amount").asText()).isEqualTo("1.00");
    }

    @Test
    void shouldListAVoidedLineAndCountItOnlyAsAReversalEntry() {
        items.add(XmlNodes.parse("<Sale><ItemID>B</ItemID><ExtendedAmount>5.00</ExtendedAmount>"
                + "<Tax><Amount>0.40</Amount></Tax></Sale>"), false, true, "2");
        items.add(XmlNodes.parse("<Sale><ItemID>B</ItemID><ExtendedAmount>-5.00</ExtendedAmount></Sale>"),
                false, true, "3");

        assertThat(lines).isEmpty();
        assertThat(voidedLines).extracting(n -> n.path("reversalEntry").asBoolean()).containsExactly(false, true);
        assertThat(totals.saleLines()).isZero();
        assertThat(totals.tax()).as("a voided line's tax does not count").isEqualByComparingTo("0");
    }

    @Test
    void shouldStillCheckTheTaxAmountsOfAVoidedLine() {
        assertThatThrownBy(() -> items.add(XmlNodes.parse("<Sale><ExtendedAmount>5</ExtendedAmount>"
                + "<Tax><Amount>x</Amount></Tax></Sale>"), false, true, "2"))
                .isInstanceOf(PosTransactionException.class).hasMessageContaining("Amount 'x'");
    }
}
