package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DialectRulesTest {

    static final String V = "urn:vendor";

    static XmlNode tx(String inner) {
        return XmlNodes.parse("<Transaction xmlns:v=\"" + V + "\">" + inner + "</Transaction>");
    }

    static PosDialect dialect(List<PosDialect.Rule> rules, String dayFormat, boolean trailingMinus) {
        return new PosDialect("v", "test", new PosDialect.Match(List.of(V), null, null), Map.of("v", V), rules,
                dayFormat, trailingMinus);
    }

    @Test
    void shouldMoveAnElementsValueToAnAttributeTranslatingIt() {
        XmlNode tx = tx("<v:Type>RET</v:Type><RetailTransaction/>");

        DialectRules.apply(dialect(List.of(new PosDialect.Rule("Transaction/v:Type", "@TypeCode",
                Map.of("RET", "Return"))), null, false), tx, XmlNodes.NS);

        assertThat(tx.attr("TypeCode")).isEqualTo("Return");
        assertThat(tx.child(V, "Type")).isNull();
    }

    @Test
    void shouldMoveAnElementWithItsChildrenUpAndIntoNewElements() {
        XmlNode tx = tx("<RetailTransaction><v:Card><v:No>123</v:No></v:Card></RetailTransaction>");

        DialectRules.apply(dialect(List.of(new PosDialect.Rule("RetailTransaction/v:Card/v:No",
                "../LoyaltyAccount/LoyaltyAccountID", null)), null, false), tx, XmlNodes.NS);

        XmlNode retail = tx.child(XmlNodes.NS, "RetailTransaction");
        assertThat(retail.child(XmlNodes.NS, "LoyaltyAccount").childText(XmlNodes.NS, "LoyaltyAccountID"))
                .isEqualTo("123");
        assertThat(retail.child(V, "Card").children).isEmpty();
    }

    @Test
    void shouldMoveAnAttributeAndReachTheTransactionFromAnAbsolutePath() {
        XmlNode tx = tx("<RetailTransaction><LineItem><Tender v:Kind=\"CHG\"/></LineItem></RetailTransaction>");

        DialectRules.apply(dialect(List.of(new PosDialect.Rule("Tender/@v:Kind", "@TypeCode",
                        Map.of("CHG", "Change")), new PosDialect.Rule("LineItem", "/Seen", Map.of("*", "yes"))),
                null, false), tx, XmlNodes.NS);

        assertThat(tx.childText(XmlNodes.NS, "Seen")).isEqualTo("yes");
        assertThat(tx.child(XmlNodes.NS, "RetailTransaction").child(XmlNodes.NS, "LineItem")).isNull();
    }

    @Test
    void shouldRewriteBusinessDaysAndTrailingMinusAmounts() {
        XmlNode tx = tx("<BusinessDayDate>20240311</BusinessDayDate><RetailTransaction><LineItem><Sale>"
                + "<ExtendedAmount>1.50-</ExtendedAmount><ItemID>000-</ItemID></Sale></LineItem>"
                + "</RetailTransaction>");

        DialectRules.apply(dialect(List.of(), "yyyyMMdd", true), tx, XmlNodes.NS);

        assertThat(tx.childText(XmlNodes.NS, "BusinessDayDate")).isEqualTo("2024-03-11");
        XmlNode sale = tx.child(XmlNodes.NS, "RetailTransaction").child(XmlNodes.NS, "LineItem")
                .child(XmlNodes.NS, "Sale");
        assertThat(sale.childText(XmlNodes.NS, "ExtendedAmount")).isEqualTo("-1.50");
        assertThat(sale.childText(XmlNodes.NS, "ItemID")).isEqualTo("-000");
    }

    @Test
    void shouldChooseTheFirstMatchingDialectElseTheFallback() {
        PosDialect vendor = dialect(List.of(), null, false);
        PosDialect byRoot = new PosDialect("root", "r", new PosDialect.Match(null, Map.of("Vendor", "X"), null),
                Map.of(), null, null, false);
        PosDialect fallback = new PosDialect("plain", "p", null, Map.of(), null, null, false);
        PosDialects dialects = new PosDialects(List.of(fallback, vendor, byRoot));
        PosDocumentContext plain = PosDocumentContext.of(XmlNodes.NS);

        assertThat(dialects.select(plain, tx("<v:Anything/>")).name()).isEqualTo("v");
        assertThat(dialects.select(new PosDocumentContext(XmlNodes.NS, Set.of(V), Map.of()), tx("")).name())
                .isEqualTo("v");
        assertThat(dialects.select(new PosDocumentContext(XmlNodes.NS, Set.of(), Map.of("Vendor", "X")), tx(""))
                .name()).isEqualTo("root");
        assertThat(dialects.select(plain, tx("")).name()).isEqualTo("plain");
        assertThat(PosDialects.none().select(plain, tx("")).name()).isEqualTo("generic-arts");
    }

    @Test
    void shouldLoadTheShippedDialectsAndRefuseABrokenFile(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertThat(PosDialects.load(Path.of("adapters/poslog/dialects"), json).names())
                .containsExactly("ncr-acs", "oracle-xstore", "sap-style", "generic-arts");

        Files.writeString(dir.resolve("bad.yml"), "name: bad\nrenam: []\n");
        assertThatThrownBy(() -> PosDialects.load(dir, json)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.yml");
        Files.writeString(dir.resolve("bad.yml"), "name: bad\nrename: [{from: 'x:Y', to: Z}]\n");
        assertThatThrownBy(() -> PosDialects.load(dir, json)).hasMessageContaining("prefix");
    }
}
