package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

class PosLogReaderTest {

    @Test
    void shouldReadATransactionIntoATreeWithQualifiedAttributeKeysAndDirectText() {
        String doc = "<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\" xmlns:v=\"urn:v\"><Transaction v:id=\"1\" "
                + "CancelFlag=\"false\"> <!-- note --><RetailStoreID> 7 </RetailStoreID><v:Extra>x</v:Extra>"
                + "</Transaction></POSLog>";
        try (PosLogReader r = new PosLogReader(PosLogSource.of(doc.getBytes(StandardCharsets.UTF_8)),
                PosLogReader.secureFactory())) {
            while (r.next() != XMLStreamConstants.START_ELEMENT || !r.atTransaction()) {
                // to the Transaction
            }
            XmlNode tx = r.readElement();

            assertThat(r.rootNamespace()).isEqualTo(PosLogParser.NS_IXRETAIL);
            assertThat(tx.attributes).containsEntry("{urn:v}id", "1").containsEntry("CancelFlag", "false");
            assertThat(tx.childText(PosLogParser.NS_IXRETAIL, "RetailStoreID")).isEqualTo("7");
            assertThat(tx.childText("urn:v", "Extra")).isEqualTo("x");
            assertThat(tx.text()).isEmpty();
            assertThat(r.charset()).isEqualTo(StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldClassifyParserErrors() {
        assertThat(PosLogReader.rejection(new XMLStreamException("Undeclared general entity \"x\"")).reason())
                .isEqualTo(PosLogRejectedException.DTD_REFUSED);
        assertThat(PosLogReader.rejection(new XMLStreamException("Maximum element depth (64) exceeded")).reason())
                .isEqualTo(PosLogRejectedException.LIMIT_EXCEEDED);
        assertThat(PosLogReader.rejection(new XMLStreamException("Unexpected close tag\n  </a>")))
                .hasMessage("Unexpected close tag </a>")
                .satisfies(e -> assertThat(e.reason()).isEqualTo(PosLogRejectedException.MALFORMED));
    }
}
