package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TenderLinesTest {

    final PosValues v = new PosValues(XmlNodes.NS, "k", "USD");
    final RetailTotals totals = new RetailTotals();
    final ArrayNode tenders = JsonNodeFactory.instance.arrayNode();
    final TenderLines lines = new TenderLines(v, totals, tenders);

    @Test
    void shouldCountTenderedAndChange() {
        lines.add(XmlNodes.parse("<Tender TenderType=\"Cash\"><TenderID>CASH</TenderID><Amount>20.00</Amount>"
                + "<TenderChange><Amount>-10.10</Amount></TenderChange></Tender>"), "5");

        assertThat(tenders.toString()).isEqualTo("[{\"lineNumber\":\"5\",\"type\":\"Cash\",\"tenderId\":\"CASH\","
                + "\"amount\":{\"amount\":\"20.00\",\"currency\":\"USD\"},"
                + "\"change\":{\"amount\":\"10.10\",\"currency\":\"USD\"}}]");
        assertThat(balanced(new BigDecimal("9.90"))).isTrue();
    }

    @Test
    void shouldCountAnNcrChangeLineAsChangeOnly() {
        lines.add(XmlNodes.parse("<Tender TenderType=\"Cash\"><Amount>20.00</Amount></Tender>"), "5");
        lines.add(XmlNodes.parse("<Tender TenderType=\"Cash\"><Amount>10.10</Amount>"
                + "<TenderChange><Amount>10.10</Amount></TenderChange></Tender>"), "6");

        assertThat(tenders.get(1).at("/amount/amount").asText()).isEqualTo("0.00");
        assertThat(tenders.get(1).at("/change/amount").asText()).isEqualTo("10.10");
        assertThat(balanced(new BigDecimal("9.90"))).isTrue();
    }

    @Test
    void shouldTakeZeroForATenderWithoutAmount() {
        lines.add(XmlNodes.parse("<Tender TenderType=\"Voucher\"/>"), null);

        assertThat(tenders.toString()).isEqualTo("[{\"type\":\"Voucher\",\"amount\":{\"amount\":\"0.00\","
                + "\"currency\":\"USD\"}}]");
    }

    /** tendered - change = total, with lines = total so that only the tender rule can fail */
    private boolean balanced(BigDecimal total) {
        totals.addLine(total, false);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        return totals.writeTo(data, total, v);
    }
}
