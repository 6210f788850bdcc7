package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class AdjustmentLinesTest {

    final PosValues v = new PosValues(XmlNodes.NS, "k", "USD");
    final RetailTotals totals = new RetailTotals();
    final ArrayNode discounts = JsonNodeFactory.instance.arrayNode();
    final ArrayNode taxes = JsonNodeFactory.instance.arrayNode();
    final AdjustmentLines adjustments = new AdjustmentLines(v, totals, discounts, taxes);

    @Test
    void shouldCountATransactionDiscountByItsAbsoluteValue() {
        adjustments.add(XmlNodes.parse("<LineItem><Discount><Amount>-1.20</Amount><ReasonCode>staff</ReasonCode>"
                + "</Discount></LineItem>"), "3");

        assertThat(discounts.toString()).isEqualTo("[{\"lineNumber\":\"3\",\"kind\":\"transaction\","
                + "\"reason\":\"staff\",\"amount\":{\"amount\":\"1.20\",\"currency\":\"USD\"}}]");
    }

    @Test
    void shouldCountOnlySummarizedMonetaryNcrLoyaltyRewards() {
        adjustments.add(XmlNodes.parse("<LineItem><LoyaltyReward acs:summarizedActivity=\"true\">"
                + "<PromotionID>P1</PromotionID><acs:RewardCategory>Monetary</acs:RewardCategory>"
                + "<acs:RewardType>Discount</acs:RewardType><acs:ExtendedRewardAmount>-0.19</acs:ExtendedRewardAmount>"
                + "</LoyaltyReward></LineItem>"), "4");
        adjustments.add(XmlNodes.parse("<LineItem><LoyaltyReward acs:summarizedActivity=\"false\">"
                + "<acs:RewardCategory>Monetary</acs:RewardCategory>"
                + "<acs:ExtendedRewardAmount>-5</acs:ExtendedRewardAmount></LoyaltyReward></LineItem>"), "5");
        adjustments.add(XmlNodes.parse("<LineItem><LoyaltyReward acs:summarizedActivity=\"true\">"
                + "<acs:RewardCategory>Points</acs:RewardCategory>"
                + "<acs:ExtendedRewardAmount>-5</acs:ExtendedRewardAmount></LoyaltyReward></LineItem>"), "6");

        assertThat(discounts.toString()).isEqualTo("[{\"lineNumber\":\"4\",\"kind\":\"loyalty\","
                + "\"promotionId\":\"P1\",\"reason\":\"Discount\","
                + "\"amount\":{\"amount\":\"0.19\",\"currency\":\"USD\"}}]");
    }

    @Test
    void shouldReportIncludedVatWithoutAddingIt() {
        adjustments.add(XmlNodes.parse("<LineItem><Tax><TaxAuthority>UK</TaxAuthority><Reason>VAT</Reason>"
                + "<TaxableAmount TaxIncludedInTaxableAmountFlag=\"true\">3.30</TaxableAmount>"
                + "<Amount>0.55</Amount><Percent>20.0</Percent></Tax></LineItem>"), "7");

        assertThat(taxes.toString()).isEqualTo("[{\"authority\":\"UK\",\"reason\":\"VAT\",\"percent\":\"20.0\","
                + "\"taxableAmount\":{\"amount\":\"3.30\",\"currency\":\"USD\"},"
                + "\"amount\":{\"amount\":\"0.55\",\"currency\":\"USD\"},\"includedInPrices\":true}]");
        assertThat(totals.tax()).isEqualByComparingTo("0");
        assertThat(totals.taxIncludedInPrices()).isEqualByComparingTo("0.55");
        assertThat(AdjustmentLines.includedInPrices(XmlNodes.parse("<Tax><Amount>1</Amount></Tax>"), XmlNodes.NS))
                .isFalse();
    }
}
