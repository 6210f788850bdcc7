package dev.ficus.pos.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The view of one dead letter, its text, and what a resend sends; on the NCR ACS sample (see its LICENSE). */
class DeadLetterTest {

    static byte[] ncrSmall() throws IOException {
        try (InputStream in = DeadLetterTest.class.getResourceAsStream("/pos/ncr-acs-2.1/SMALL.xml")) {
            return in.readAllBytes();
        }
    }

    static DeadLetterMessage bytes(Map<String, Object> properties, byte[] body) {
        return new DeadLetterMessage("ID:1", 1_700_000_000_000L, properties, DeadLetterMessage.Kind.BYTES, body);
    }

    static DeadLetter view(DeadLetterMessage message) {
        return DeadLetter.of(message, () -> DeadLetterText.of(message).text());
    }

    @Test
    void shouldTakeTheKeyOfAMalformedDocumentFromItsText() throws IOException {
        byte[] small = ncrSmall();
        byte[] truncated = Arrays.copyOf(small, small.length / 2);
        DeadLetterMessage message = bytes(Map.of("FicusPosReason", "malformed-xml", "FicusPosReasonDetail",
                "Unexpected EOF", "FicusPosChannel", "http", "FicusPosScope", "document",
                "FicusRequestId", "r-42"), truncated);

        DeadLetter letter = view(message);

        assertThat(letter.summary()).containsExactly(Map.entry("id", "ID:1"), Map.entry("reason", "malformed-xml"),
                Map.entry("detail", "Unexpected EOF"), Map.entry("channel", "http"),
                Map.entry("receivedAt", "2023-11-14T22:13:20Z"), Map.entry("storeId", "9"),
                Map.entry("workstationId", "34"), Map.entry("sequenceNumber", "160"),
                Map.entry("businessKey", "9/34/2017-09-30/160"), Map.entry("requestId", "r-42"),
                Map.entry("bytes", (long) truncated.length));
        assertThat(letter.shortKey()).isEqualTo("9/34/160");
    }

    @Test
    void shouldPreferTheKeyPropertyAndReadATillLessKey() {
        DeadLetter letter = view(bytes(Map.of("FicusPosKey", "100/-/2024-03-08/WEB-7F3A-0042"),
                "<RetailStoreID>1</RetailStoreID>".getBytes(StandardCharsets.UTF_8)));

        assertThat(letter.businessKey()).isEqualTo("100/-/2024-03-08/WEB-7F3A-0042");
        assertThat(letter.storeId()).isEqualTo("100");
        assertThat(letter.workstationId()).isNull();
        assertThat(letter.sequenceNumber()).isEqualTo("WEB-7F3A-0042");
    }

    @Test
    void shouldLeaveTheKeyOutWhenTheTextLacksAPart() {
        DeadLetter letter = view(bytes(Map.of(), ("<POSLog><Transaction><RetailStoreID>9</RetailStoreID>"
                + "<SequenceNumber>1</SequenceNumber>").getBytes(StandardCharsets.UTF_8)));

        assertThat(letter.businessKey()).isNull();
        assertThat(letter.storeId()).isNull();
        assertThat(letter.receivedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void shouldNameThePostingReasonAndTheBrokersOwnMove() {
        DeadLetter posting = view(new DeadLetterMessage("ID:2", 0, Map.of("FicusPostingReason", "legacy-failed",
                "FicusPostingReasonDetail", "RetailCore answered HTTP 500", "FicusPosKey", "77/3/2024-03-01/5001"),
                DeadLetterMessage.Kind.TEXT, "{}".getBytes(StandardCharsets.UTF_8)));
        DeadLetter moved = view(bytes(Map.of("_AMQ_ORIG_QUEUE", "pos.inbound"), new byte[0]));

        assertThat(posting.reason()).isEqualTo("legacy-failed");
        assertThat(posting.detail()).isEqualTo("RetailCore answered HTTP 500");
        assertThat(posting.receivedAt()).isNull();
        assertThat(moved.reason()).isEqualTo(DeadLetter.BROKER_REASON);
        assertThat(moved.detail()).contains("pos.inbound");
    }

    @Test
    void shouldDecodeAsTheDocumentDeclaresSoTheTextGivesBackTheExactBytes() {
        String doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><POSLog>Müller Käse £</POSLog>";
        byte[] latin1 = doc.getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_16LE);
        byte[] utf8Bom = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_8);

        for (byte[] body : List.of(latin1, utf16, utf8Bom)) {
            DeadLetterText text = DeadLetterText.of(bytes(Map.of(), body));
            assertThat(text.text()).endsWith("Müller Käse £</POSLog>");
            assertThat(text.text().getBytes(text.charset())).isEqualTo(body);
        }
        assertThat(DeadLetterText.of(bytes(Map.of(), utf16)).charset()).isEqualTo(StandardCharsets.UTF_16LE);
    }

    @Test
    void shouldGiveNoTextForBytesThatAreNotTextInTheirEncoding() {
        byte[] notUtf8 = {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'};

        DeadLetterText text = DeadLetterText.of(bytes(Map.of(), notUtf8));

        assertThat(text.text()).isNull();
        assertThat(text.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(DeadLetterText.of(bytes(Map.of("FicusPosEncoding", "windows-1252"),
                "Brötchen".getBytes(Charset.forName("windows-1252")))).text()).isEqualTo("Brötchen");
    }

    @Test
    void shouldResendAnEventWithoutTheReasonsItWasDeadLetteredFor() {
        Map<String, Object> properties = new HashMap<>(Map.of("FicusPosKey", "77/3/2024-03-01/5001",
                "FicusPosPost", true, "ce_id", "e-1", "content_type", "application/cloudevents+json",
                "FicusPostingReason", "legacy-failed", "FicusPostingReasonDetail", "down", "FicusPostingAttempts", 4,
                "_AMQ_ORIG_QUEUE", "pos.posting", "JMSXDeliveryCount", 3, "JMSXGroupID", "77"));
        byte[] event = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

        Resend resend = Resend.of(new DeadLetterMessage("ID:9", 0, properties, DeadLetterMessage.Kind.TEXT, event));

        assertThat(resend.kind()).isEqualTo(DeadLetterMessage.Kind.TEXT);
        assertThat(resend.body()).isEqualTo(event);
        assertThat(resend.properties()).isEqualTo(Map.of("FicusPosKey", "77/3/2024-03-01/5001",
                "FicusPosPost", true, "ce_id", "e-1", "content_type", "application/cloudevents+json",
                "JMSXGroupID", "77", "FicusResendOf", "ID:9"));
    }

    @Test
    void shouldResendADeadLetteredTransactionAsADocumentInItsOwnEncoding() {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><p:POSLog xmlns:p=\"urn:x\" xmlns:acs=\"urn:acs\">";
        String tx = "<p:Transaction><acs:Till>Łódź</acs:Till></p:Transaction>";
        Map<String, Object> properties = Map.of("FicusPosScope", "transaction", "FicusPosReason", "key-conflict",
                "FicusPosDocumentHead", head, "FicusPosDocumentTail", "</p:POSLog>", "FicusPosEncoding", "UTF-16LE",
                "FicusPosKey", "1/2/2024-01-01/3");

        Resend resend = Resend.of(bytes(properties, tx.getBytes(StandardCharsets.UTF_16LE)));
        Resend whole = Resend.of(bytes(Map.of("FicusPosScope", "document"), tx.getBytes(StandardCharsets.UTF_8)));

        assertThat(resend.body()).isEqualTo(("\uFEFF" + head + tx + "</p:POSLog>")
                .getBytes(StandardCharsets.UTF_16LE));
        assertThat(resend.properties()).isEqualTo(Map.of("FicusResendOf", "ID:1"));
        assertThat(whole.body()).as("a document is resent as it is").isEqualTo(tx.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseToResendAMessageThatIsNeitherBytesNorText() {
        assertThatThrownBy(() -> Resend.of(new DeadLetterMessage("ID:5", 0, Map.of(),
                DeadLetterMessage.Kind.OTHER, null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ID:5");
    }
}
