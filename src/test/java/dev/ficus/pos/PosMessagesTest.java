package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PosMessagesTest {

    final SentMessages broker = new SentMessages();
    final PosMessages messages = new PosMessages(broker.producer(), "jms:queue:pos.inbound.DLQ");

    /** The event of {@code PosLogParserTest.sale(seq, total, change)}, as the ingest maps it. */
    static PosEvent sale(String seq, String total, String change) {
        PosLogParser parser = new PosLogParser(Long.MAX_VALUE, PosLogParserTest.USD);
        try (PosLogParser.TransactionIterator it = parser.transactions(PosLogSource.of(PosLogParserTest.poslog(
                PosLogParser.NS_IXRETAIL, "", PosLogParserTest.sale(seq, total, change))
                .getBytes(StandardCharsets.UTF_8)))) {
            return it.next().event();
        }
    }

    @Test
    void shouldPublishTheEventTextToTheTopicOfItsTypeWithTheCloudEventsProperties() {
        PosEvent event = sale("1", "9.90", "10.10");

        messages.publish(event);

        SentMessages.Sent sent = broker.sent.get(0);
        assertThat(sent.uri()).isEqualTo("jms:topic:retail.pos.sale-completed?deliveryPersistent=true"
                + "&jmsMessageType=Text");
        assertThat(sent.body()).isEqualTo(event.json());
        assertThat(sent.headers()).isEqualTo(Map.of("_AMQ_DUPL_ID", event.id(),
                "content_type", "application/cloudevents+json", "ce_id", event.id(),
                "ce_type", "retail.pos.sale-completed", "ce_subject", event.key(), "FicusPosKey", event.key(),
                "FicusPosPost", true));
    }

    @Test
    void shouldDeadLetterTheOriginalBytesWithTheReasonHeaders() {
        byte[] original = "<Transaction/>".getBytes(StandardCharsets.UTF_8);

        messages.deadLetter(original, PosMessages.DeadLetter.of("queue", "transaction", "missing-ids",
                "x".repeat(1500), 3, "7/2/2024-03-01/9"));
        messages.deadLetter(original, PosMessages.DeadLetter.of("http", "document", "malformed-xml", null, null,
                null));

        assertThat(broker.sent.get(0).uri())
                .isEqualTo("jms:queue:pos.inbound.DLQ?jmsMessageType=Bytes&deliveryPersistent=true");
        assertThat(broker.sent.get(0).body()).isSameAs(original);
        assertThat(broker.sent.get(0).headers()).containsEntry("FicusPosChannel", "queue")
                .containsEntry("FicusPosScope", "transaction").containsEntry("FicusPosReason", "missing-ids")
                .containsEntry("FicusPosTransactionIndex", 3).containsEntry("FicusPosKey", "7/2/2024-03-01/9");
        assertThat((String) broker.sent.get(0).headers().get("FicusPosReasonDetail")).hasSize(1000);
        assertThat(broker.sent.get(1).headers()).isEqualTo(Map.of("FicusPosChannel", "http",
                "FicusPosScope", "document", "FicusPosReason", "malformed-xml", "FicusPosReasonDetail", ""));
    }
}
