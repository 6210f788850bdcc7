package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ficus.platform.events.CloudEventWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Event ids, types, keys, rejections and the exact JSON bytes of the POS events stay what consumers have seen so far:
 * {@code golden/pos-events.txt} was written by the mapper before it was split into pieces and moved onto the shared
 * CloudEvents writer. A difference here changes what is on the wire; change the file only on purpose.
 */
class PosEventLayoutTest {

    static final String NS = PosLogParser.NS_IXRETAIL;

    /** Transactions that take every path of the mapper (each rejection reason, return, void, control, mismatches). */
    static byte[] syntheticDocument() {
        String bad = "<Transaction><WorkstationID>2</WorkstationID><SequenceNumber>9</SequenceNumber>"
                + "<BusinessDayDate>2024-03-01</BusinessDayDate><ControlTransaction><OperatorSignOn/>"
                + "</ControlTransaction></Transaction>";
        String badDay = "<Transaction><RetailStoreID>7</RetailStoreID><WorkstationID>2</WorkstationID>"
                + "<SequenceNumber>9</SequenceNumber><BusinessDayDate>2024-13-01</BusinessDayDate>"
                + "<ControlTransaction><OperatorSignOn/></ControlTransaction></Transaction>";
        String neither = "<Transaction><RetailStoreID>7</RetailStoreID><WorkstationID>2</WorkstationID>"
                + "<SequenceNumber>10</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate><Other/>"
                + "</Transaction>";
        String badAmount = PosLogParserTest.sale("11", "x9.90", "10.10");
        String otherCurrency = PosLogParserTest.sale("12", "9.90", "10.10")
                .replace("<Amount>1.00</Amount>", "<Amount Currency=\"USD\">1.00</Amount>");
        String ret = "<Transaction CancelFlag=\"false\"><RetailStoreID>7</RetailStoreID>"
                + "<WorkstationID>2</WorkstationID>"
                + "<SequenceNumber>13</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate>"
                + "<EndDateTime>2024-03-01T10:00:00Z</EndDateTime><RetailTransaction>"
                + "<LineItem><SequenceNumber>1</SequenceNumber><Return><ItemID>A</ItemID>"
                + "<ExtendedAmount>10.00</ExtendedAmount>"
                + "<RetailPriceModifier><Amount>1.5</Amount><ReasonCode>X</ReasonCode></RetailPriceModifier>"
                + "<Tax><Amount>0.8</Amount></Tax><Tax><TaxableAmount TaxIncludedInTaxableAmountFlag=\"true\">5"
                + "</TaxableAmount><Amount>0.1</Amount></Tax></Return></LineItem>"
                + "<LineItem VoidFlag=\"true\"><SequenceNumber>2</SequenceNumber><Return><ItemID>B</ItemID>"
                + "<ExtendedAmount>-3.00</ExtendedAmount></Return></LineItem>"
                + "<LineItem><SequenceNumber>3</SequenceNumber><Tender TenderType=\"Cash\"><TenderID>1</TenderID>"
                + "<Amount>-8.70</Amount></Tender></LineItem>"
                + "<LineItem><SequenceNumber>4</SequenceNumber><Tender TenderType=\"Cash\"><Amount>2.00</Amount>"
                + "<TenderChange><Amount>2.00</Amount></TenderChange></Tender></LineItem>"
                + "<Total TotalType=\"TransactionGrandAmount\">-8.70</Total></RetailTransaction></Transaction>";
        String voided = ret.replace("CancelFlag=\"false\"", "")
                .replace("<RetailTransaction>", "<RetailTransaction TransactionStatus=\"Voided\">")
                .replace(">13<", ">14<")
                .replace("<EndDateTime>2024-03-01T10:00:00Z</EndDateTime>",
                        "<EndDateTime>2024-03-01T10:00:00</EndDateTime>");
        String control = "<Transaction><BusinessUnit><UnitID>8</UnitID></BusinessUnit><WorkstationID>2</WorkstationID>"
                + "<SequenceNumber>15</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate>"
                + "<OperatorID>op</OperatorID><ControlTransaction><ReasonCode>R</ReasonCode><TillSettle>"
                + "<StartDateTimestamp>s</StartDateTimestamp></TillSettle></ControlTransaction></Transaction>";
        String bareControl = control.replace(">15<", ">16<")
                .replace("<TillSettle><StartDateTimestamp>s</StartDateTimestamp></TillSettle>", "");
        String noTotal = PosLogParserTest.sale("17", "9.90", "10.10").replaceAll("<Total [^<]*</Total>", "");
        String badTender = PosLogParserTest.sale("18", "9.90", "11.10");
        return PosLogParserTest.poslog(NS, "", PosLogParserTest.sale("1", "9.90", "10.10") + bad + badDay + neither
                + badAmount + otherCurrency + ret + voided + control + bareControl + noTotal + badTender)
                .getBytes(StandardCharsets.UTF_8);
    }

    static String describe(PosLogParser parser, List<byte[]> documents) {
        StringBuilder out = new StringBuilder();
        for (byte[] doc : documents) {
            PosLogSource source = PosLogSource.of(doc);
            out.append("validate ").append(parser.validate(source)).append('\n');
            try (PosLogParser.TransactionIterator it = parser.transactions(source)) {
                while (it.hasNext()) {
                    PosLogItem i = it.next();
                    out.append(i.index()).append(' ').append(i.fromChar()).append(' ').append(i.toChar()).append(' ')
                            .append(i.charset()).append(' ').append(i.reason()).append(' ').append(i.detail())
                            .append(' ').append(i.key()).append('\n');
                    if (i.accepted()) {
                        out.append(i.event().key()).append(' ').append(i.event().type()).append(' ')
                                .append(i.event().balanced()).append('\n').append(i.event().json()).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    static List<byte[]> documents() throws IOException {
        List<byte[]> docs = new ArrayList<>();
        docs.add(PosLogParserTest.resource("ncr-acs-2.1/SMALL.xml"));
        docs.add(PosLogParserTest.resource("retalix-r10-6.0/retalix-sale-gbp.xml"));
        docs.add(syntheticDocument());
        docs.add(PosLogParserTest.poslog(PosLogParser.NS_V6, "arts", PosLogParserTest.sale("1", "9.95", "10.00"))
                .getBytes(StandardCharsets.UTF_8));
        return docs;
    }

    static String golden() throws IOException {
        try (InputStream in = PosEventLayoutTest.class.getResourceAsStream("/golden/pos-events.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldWriteTheSameEventsByteForByte() throws IOException {
        PosLogParser parser = new PosLogParser(Long.MAX_VALUE, PosLogParserTest.USD);

        assertThat(describe(parser, documents())).isEqualTo(golden());
    }

    @Test
    void shouldNotFollowAnIndentingMapper() throws IOException {
        ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        PosLogParser parser = new PosLogParser(Long.MAX_VALUE,
                new PosEventMapper("USD", new CloudEventWriter(indenting)));

        assertThat(describe(parser, documents())).isEqualTo(golden());
    }
}
