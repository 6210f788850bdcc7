package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming parser and the mapping on the real POSLog samples (src/test/resources/pos, see SOURCE.md). */
class PosLogParserTest {

    static final long LIMIT = 10L * 1024 * 1024;
    static final PosEventMapper USD = new PosEventMapper("USD", new CloudEventWriter(new ObjectMapper()));
    final PosLogParser parser = new PosLogParser(LIMIT, USD);

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PosLogParserTest.class.getResourceAsStream("/pos/" + name)) {
            return in.readAllBytes();
        }
    }

    List<PosLogItem> parse(byte[] doc) {
        PosLogSource source = PosLogSource.of(doc);
        parser.validate(source);
        List<PosLogItem> items = new ArrayList<>();
        parser.transactions(source).forEachRemaining(items::add);
        return items;
    }

    static BigDecimal amount(JsonNode event, String pointer) {
        return new BigDecimal(event.at(pointer).asText());
    }

    @Test
    void shouldMapAll51NcrAcsTransactionsWithTheTotalsOfTheFile() throws IOException {
        byte[] doc = resource("ncr-acs-2.1/POSLog.xml");
        assertThat(parser.validate(PosLogSource.of(doc))).isEqualTo(51);

        List<PosLogItem> items = parse(doc);

        assertThat(items).hasSize(51).allMatch(PosLogItem::accepted);
        Map<String, Integer> types = new TreeMap<>();
        Map<String, Integer> actions = new TreeMap<>();
        BigDecimal grand = BigDecimal.ZERO;
        BigDecimal tendered = BigDecimal.ZERO;
        BigDecimal change = BigDecimal.ZERO;
        int voidedLines = 0;
        for (PosLogItem item : items) {
            types.merge(item.event().type(), 1, Integer::sum);
            JsonNode ce = item.event().cloudEvent();
            if (item.event().type().equals(PosEventMapper.CONTROL)) {
                actions.merge(ce.at("/data/action").asText(), 1, Integer::sum);
                continue;
            }
            assertThat(item.event().balanced()).as(item.key()).isTrue();
            grand = grand.add(amount(ce, "/data/totals/total/amount"));
            tendered = tendered.add(amount(ce, "/data/totals/tendered/amount"));
            change = change.add(amount(ce, "/data/totals/change/amount"));
            voidedLines += ce.at("/data/voidedLines").size();
            assertThat(ce.at("/data/currency").asText()).isEqualTo("USD");
        }
        // worked out from the file: 42 RetailTransaction (all sales), 9 ControlTransaction
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(PosEventMapper.SALE, 42, PosEventMapper.CONTROL, 9));
        assertThat(actions).containsExactlyInAnyOrderEntriesOf(Map.of("sign-on", 4, "sign-off", 3, "no-sale", 2));
        assertThat(grand).isEqualByComparingTo("2643.72");
        assertThat(tendered).isEqualByComparingTo("2735.27");
        assertThat(change).isEqualByComparingTo("91.55");
        assertThat(voidedLines).isEqualTo(4);
        assertThat(items.stream().map(PosLogItem::key).distinct()).hasSize(51);
    }

    @Test
    void shouldMapTheSmallNcrSaleWithItsLoyaltyDiscountAndTender() throws IOException {
        List<PosLogItem> items = parse(resource("ncr-acs-2.1/SMALL.xml"));

        assertThat(items).hasSize(2);
        assertThat(items.get(0).event().type()).isEqualTo(PosEventMapper.CONTROL);
        assertThat(items.get(0).key()).isEqualTo("9/34/2017-09-30/160");
        JsonNode sale = items.get(1).event().cloudEvent();
        assertThat(sale.get("type").asText()).isEqualTo("retail.pos.sale-completed");
        assertThat(sale.get("specversion").asText()).isEqualTo("1.0");
        assertThat(sale.get("subject").asText()).isEqualTo("9/34/2017-09-30/161");
        assertThat(sale.at("/data/lines/0/description").asText()).isEqualTo("APPLE HONEYCRISP ORG");
        assertThat(sale.at("/data/lines/0/quantity").asText()).isEqualTo("0.42");
        assertThat(sale.at("/data/totals/lines").toString()).isEqualTo("{\"amount\":\"1.26\",\"currency\":\"USD\"}");
        assertThat(sale.at("/data/totals/discounts/amount").asText()).isEqualTo("0.19");
        assertThat(sale.at("/data/totals/tax/amount").asText()).isEqualTo("0.00");
        assertThat(sale.at("/data/totals/total/amount").asText()).isEqualTo("1.07");
        assertThat(sale.at("/data/tenders/0/type").asText()).isEqualTo("CreditDebit");
        assertThat(sale.at("/data/totalsCheck/balanced").asBoolean()).isTrue();
    }

    static List<EncodedPosLogs> encodings() {
        return EncodedPosLogs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void shouldReadTheRealRetalixSaleInTheEncodingItsBomOrDeclarationNames(EncodedPosLogs encoded) {
        List<PosLogItem> items = parse(encoded.document(7001));

        assertThat(items).hasSize(1).allMatch(PosLogItem::accepted);
        assertThat(items.get(0).event().key()).isEqualTo(EncodedPosLogs.key(7001));
        assertThat(items.get(0).event().cloudEvent().at("/data/lines/0/description").asText())
                .isEqualTo(encoded.name().strip());
    }

    @Test
    void shouldMapTheRetalix6SaleInGbpWithVatIncluded() throws IOException {
        List<PosLogItem> items = parse(resource("retalix-r10-6.0/retalix-sale-gbp.xml"));

        assertThat(items).hasSize(1);
        PosEvent event = items.get(0).event();
        assertThat(event.key()).isEqualTo("0610/140/2016-08-22/451");
        assertThat(event.balanced()).isTrue();
        JsonNode ce = event.cloudEvent();
        assertThat(ce.get("time").asText()).isEqualTo("2016-08-22T15:21:54.483370300+01:00");
        assertThat(ce.at("/data/currency").asText()).isEqualTo("GBP");
        assertThat(ce.at("/data/lines")).hasSize(3);
        assertThat(ce.at("/data/totals/lines/amount").asText()).isEqualTo("6.57");
        assertThat(ce.at("/data/totals/tax/amount").asText()).isEqualTo("0.00");
        assertThat(ce.at("/data/totals/taxIncludedInPrices/amount").asText()).isEqualTo("0.66");
        assertThat(ce.at("/data/totals/total").toString()).isEqualTo("{\"amount\":\"6.57\",\"currency\":\"GBP\"}");
        assertThat(ce.at("/data/taxes")).hasSize(2);
        assertThat(ce.at("/data/tenders/0/type").asText()).isEqualTo("Cash");
    }

    static String poslog(String ns, String prefix, String body) {
        String p = prefix.isEmpty() ? "" : prefix + ":";
        String decl = prefix.isEmpty() ? "xmlns=\"" + ns + "\"" : "xmlns:" + prefix + "=\"" + ns + "\"";
        return "<" + p + "POSLog " + decl + " xmlns:x=\"urn:vendor\">" + body.replace("<", "<" + p)
                .replace("<" + p + "/", "</" + p).replace("<" + p + "x:", "<x:").replace("</" + p + "x:", "</x:")
                + "</" + p + "POSLog>";
    }

    static String sale(String seq, String total, String change) {
        return "<Transaction><RetailStoreID>7</RetailStoreID><WorkstationID>2</WorkstationID>"
                + "<SequenceNumber>" + seq + "</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate>"
                + "<CurrencyCode>EUR</CurrencyCode><RetailTransaction>"
                + "<LineItem><SequenceNumber>1</SequenceNumber><Sale><ItemID>A</ItemID><Description>Käse</Description>"
                + "<ExtendedAmount>10.00</ExtendedAmount><Quantity>2</Quantity><x:Extra>vendor</x:Extra></Sale></LineItem>"
                + "<LineItem VoidFlag=\"true\"><SequenceNumber>2</SequenceNumber><Sale><ItemID>B</ItemID>"
                + "<ExtendedAmount>5.00</ExtendedAmount></Sale></LineItem>"
                + "<LineItem><SequenceNumber>3</SequenceNumber><Discount><Amount>1.00</Amount></Discount></LineItem>"
                + "<LineItem><SequenceNumber>4</SequenceNumber><Tax><Amount>0.90</Amount></Tax></LineItem>"
                + "<LineItem><SequenceNumber>5</SequenceNumber><Tender TenderType=\"Cash\"><Amount>20.00</Amount>"
                + "<TenderChange><Amount>" + change + "</Amount></TenderChange></Tender></LineItem>"
                + "<Total TotalType=\"TransactionGrandAmount\">" + total + "</Total></RetailTransaction></Transaction>";
    }

    @Test
    void shouldAcceptBothNamespaceFormsWithAnyPrefixAndVendorElements() {
        for (String ns : List.of(PosLogParser.NS_IXRETAIL, PosLogParser.NS_V6)) {
            for (String prefix : List.of("", "poslog", "arts")) {
                List<PosLogItem> items = parse(poslog(ns, prefix, sale("1", "9.90", "10.10"))
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(items).as(ns + " " + prefix).hasSize(1);
                PosEvent e = items.get(0).event();
                assertThat(e.balanced()).isTrue();
                assertThat(e.cloudEvent().at("/data/voidedLines/0/itemId").asText()).isEqualTo("B");
                assertThat(e.cloudEvent().at("/data/lines/0/description").asText()).isEqualTo("Käse");
                assertThat(e.cloudEvent().at("/data/totals/total").toString())
                        .isEqualTo("{\"amount\":\"9.90\",\"currency\":\"EUR\"}");
            }
        }
    }

    @Test
    void shouldFlagButNotFixTotalsThatDoNotAddUp() {
        PosEvent e = parse(poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.95", "10.00"))
                .getBytes(StandardCharsets.UTF_8)).get(0).event();

        assertThat(e.balanced()).isFalse();
        assertThat(e.cloudEvent().get("ficustotalsbalanced").asBoolean()).isFalse();
        assertThat(e.cloudEvent().at("/data/totals/total/amount").asText()).isEqualTo("9.95");
        assertThat(e.cloudEvent().at("/data/totalsCheck/mismatches/0/rule").asText())
                .isEqualTo("lines-discounts+tax=total");
        assertThat(e.cloudEvent().at("/data/totalsCheck/mismatches/0/computed").asText()).isEqualTo("9.90");
    }

    @Test
    void shouldRejectOnlyTheTransactionWithMissingIdsAndKeepItsBytes() throws IOException {
        String bad = "<Transaction><WorkstationID>2</WorkstationID><SequenceNumber>9</SequenceNumber>"
                + "<BusinessDayDate>2024-03-01</BusinessDayDate><ControlTransaction><OperatorSignOn/>"
                + "</ControlTransaction></Transaction>";
        String doc = poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10") + bad + sale("2", "9.90", "10.10"));
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);

        List<PosLogItem> items = parse(bytes);

        assertThat(items).extracting(PosLogItem::accepted).containsExactly(true, false, true);
        PosLogItem rejected = items.get(1);
        assertThat(rejected.reason()).isEqualTo("missing-ids");
        assertThat(rejected.detail()).contains("RetailStoreID");
        assertThat(new String(rejected.originalBytes(PosLogSource.of(bytes)), StandardCharsets.UTF_8)).isEqualTo(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void shouldKeepTheOriginalBytesOfARejectedTransactionInAnyEncoding(EncodedPosLogs encoded) throws IOException {
        String bad = "<Transaction><WorkstationID>2</WorkstationID><SequenceNumber>9</SequenceNumber>"
                + "<BusinessDayDate>2024-03-01</BusinessDayDate><ControlTransaction><OperatorID>Müller</OperatorID>"
                + "<OperatorSignOn/></ControlTransaction></Transaction>";
        String doc = "<?xml version=\"1.0\" encoding=\"" + encoded.label() + "\"?>"
                + poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10") + bad);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(encoded.bom());
        out.writeBytes(doc.getBytes(encoded.charset()));
        byte[] bytes = out.toByteArray();

        List<PosLogItem> items = parse(bytes);

        assertThat(items).extracting(PosLogItem::accepted).containsExactly(true, false);
        assertThat(new String(items.get(1).originalBytes(PosLogSource.of(bytes)), encoded.charset())).isEqualTo(bad);
    }

    void assertRejected(String doc, String reason) {
        assertRejected(doc.getBytes(StandardCharsets.UTF_8), reason);
    }

    void assertRejected(byte[] doc, String reason) {
        assertThatThrownBy(() -> parse(doc)).isInstanceOf(PosLogRejectedException.class)
                .satisfies(e -> assertThat(((PosLogRejectedException) e).reason()).isEqualTo(reason));
    }

    @Test
    void shouldRejectMalformedWrongRootAndUnknownNamespace() {
        assertRejected(poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10")).replace("</POSLog>", ""),
                "malformed-xml");
        assertRejected("<Invoice xmlns=\"" + PosLogParser.NS_IXRETAIL + "\"/>", "wrong-root");
        assertRejected("<POSLog xmlns=\"urn:not-arts\"/>", "unknown-namespace");
        assertRejected("<POSLog/>", "unknown-namespace");
        assertRejected("not xml at all", "malformed-xml");
    }

    @Test
    void shouldRefuseExternalEntitiesAndDtdsWithoutResolvingThem() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE POSLog [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\">&xxe;</POSLog>";
        assertRejected(xxe, "dtd-refused");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE POSLog SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                + "<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\"/>";
        assertRejected(external, "dtd-refused");
        assertRejected("<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\">&undeclared;</POSLog>", "dtd-refused");
    }

    @Test
    void shouldRefuseAnEntityExpansionBomb() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE POSLog [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY ").append((char) ('a' + i)).append(" \"")
                    .append(("&" + (char) ('a' + i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><POSLog xmlns=\"").append(PosLogParser.NS_IXRETAIL).append("\">&j;</POSLog>");
        assertRejected(bomb.toString(), "dtd-refused");
    }

    @Test
    void shouldAcceptAUtf8ByteOrderMark() {
        byte[] body = poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10")).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        List<PosLogItem> items = parse(withBom);

        assertThat(items).hasSize(1);
        assertThat(items.get(0).event().cloudEvent().at("/data/lines/0/description").asText()).isEqualTo("Käse");
    }

    @Test
    void shouldDecodeADeclaredIso88591Document() {
        String doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                + poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10"));
        byte[] latin1 = doc.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(latin1).contains((byte) 0xE4);

        List<PosLogItem> items = parse(latin1);

        assertThat(items.get(0).event().cloudEvent().at("/data/lines/0/description").asText()).isEqualTo("Käse");
    }

    @Test
    void shouldRejectADocumentOverTheSizeLimit() {
        PosLogParser small = new PosLogParser(100, USD);
        byte[] doc = poslog(PosLogParser.NS_IXRETAIL, "", sale("1", "9.90", "10.10")).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> small.validate(PosLogSource.of(doc)))
                .isInstanceOf(PosLogRejectedException.class)
                .hasMessageContaining("limit is 100 bytes")
                .satisfies(e -> assertThat(((PosLogRejectedException) e).reason()).isEqualTo("oversize"));
    }
}
