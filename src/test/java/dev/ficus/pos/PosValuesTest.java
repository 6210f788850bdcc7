package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PosValuesTest {

    final PosValues eur = new PosValues(XmlNodes.NS, "7/2/2024-03-01/1", "EUR");

    @Test
    void shouldReadAnAmountInTheTransactionsCurrency() {
        XmlNode tender = XmlNodes.parse("<Tender><Amount Currency=\"EUR\"> 12.5 </Amount></Tender>");

        assertThat(eur.amount(tender, "Amount")).isEqualByComparingTo("12.5");
        assertThat(eur.money(eur.amount(tender, "Amount")).toString())
                .isEqualTo("{\"amount\":\"12.50\",\"currency\":\"EUR\"}");
    }

    @Test
    void shouldRefuseAnAmountInAnotherCurrencyMissingOrNotANumber() {
        assertThatThrownBy(() -> eur.amount(XmlNodes.parse("<Tender><Amount CurrencyCode=\"USD\">1</Amount></Tender>"),
                "Amount"))
                .isInstanceOf(PosTransactionException.class)
                .hasMessage("Tender/Amount is in USD, the transaction in EUR")
                .satisfies(e -> {
                    assertThat(((PosTransactionException) e).reason()).isEqualTo("invalid-value");
                    assertThat(((PosTransactionException) e).key()).isEqualTo("7/2/2024-03-01/1");
                });
        assertThatThrownBy(() -> eur.amount(XmlNodes.parse("<Tender/>"), "Amount"))
                .hasMessage("Tender/Amount is missing in transaction 7/2/2024-03-01/1");
        assertThatThrownBy(() -> eur.number("1,5", "Quantity"))
                .hasMessage("Quantity '1,5' is not a decimal number in transaction 7/2/2024-03-01/1");
        assertThatThrownBy(() -> eur.number(null, "Total")).isInstanceOf(PosTransactionException.class);
    }

    @Test
    void shouldTakeZeroOnlyForAnAbsentAmount() {
        assertThat(eur.amountOrZero(XmlNodes.parse("<Tax/>"), "Amount")).isEqualByComparingTo("0");
        assertThatThrownBy(() -> eur.amountOrZero(XmlNodes.parse("<Tax><Amount>x</Amount></Tax>"), "Amount"))
                .isInstanceOf(PosTransactionException.class);
    }

    @Test
    void shouldWriteAmountsWithAtLeastTwoDecimalsNeverRounded() {
        assertThat(PosValues.plain(new BigDecimal("1.5"))).isEqualTo("1.50");
        assertThat(PosValues.plain(new BigDecimal("-3"))).isEqualTo("-3.00");
        assertThat(PosValues.plain(new BigDecimal("0.125"))).isEqualTo("0.125");
        assertThat(PosValues.plain(new BigDecimal("1E+2"))).isEqualTo("100.00");
    }

    @Test
    void shouldFindTheCurrencyInTheOrderOfTheDialects() {
        assertThat(PosValues.currencyOf(XmlNodes.parse("<Transaction><CurrencyCode>CHF</CurrencyCode>"
                + "<RetailTransaction><Total CurrencyCode=\"GBP\">1</Total></RetailTransaction></Transaction>"),
                XmlNodes.NS, "USD")).isEqualTo("CHF");
        assertThat(PosValues.currencyOf(XmlNodes.parse("<Transaction><RetailTransaction>"
                + "<LineItem><Sale><ExtendedAmount Currency=\"EUR\">1</ExtendedAmount></Sale></LineItem>"
                + "<Total CurrencyCode=\"GBP\">1</Total></RetailTransaction></Transaction>"), XmlNodes.NS, "USD"))
                .as("a Total's CurrencyCode comes before the line items'").isEqualTo("GBP");
        assertThat(PosValues.currencyOf(XmlNodes.parse("<Transaction><RetailTransaction>"
                + "<LineItem><Tender><Amount Currency=\"EUR\">1</Amount></Tender></LineItem>"
                + "</RetailTransaction></Transaction>"), XmlNodes.NS, "USD")).isEqualTo("EUR");
        assertThat(PosValues.currencyOf(XmlNodes.parse("<Transaction><ControlTransaction/></Transaction>"),
                XmlNodes.NS, "USD")).isEqualTo("USD");
    }
}
