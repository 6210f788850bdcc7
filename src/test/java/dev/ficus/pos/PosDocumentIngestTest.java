package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PosDocumentIngestTest {

    final SentMessages broker = new SentMessages();
    final MemoryProcessedTransactions processed = new MemoryProcessedTransactions();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Set<String> correctingStores = new HashSet<>();
    final PosDocumentIngest ingest = new PosDocumentIngest(processed,
            new PosMessages(broker.producer(), "jms:queue:pos.inbound.DLQ"), meters, correctingStores::contains,
            PosLogParserTest.USD.writer());
    final PosLogParser parser = new PosLogParser(1_000_000, PosLogParserTest.USD);

    static PosLogSource document(String... transactions) {
        return PosLogSource.of(PosLogParserTest.poslog(PosLogParser.NS_IXRETAIL, "", String.join("", transactions))
                .getBytes(StandardCharsets.UTF_8));
    }

    double count(String what, String channel) {
        return meters.counter("ficus.pos." + what, "channel", channel).count();
    }

    @Test
    void shouldPublishEachTransactionOnceAndReportItsResult() {
        IngestReport first = ingest.ingest(document(PosLogParserTest.sale("1", "9.95", "10.00")), "http", parser,
                true);
        IngestReport again = ingest.ingest(document(PosLogParserTest.sale("1", "9.95", "10.00")), "http", parser,
                true);

        assertThat(first.json().toString()).isEqualTo("{\"received\":1,\"published\":1,\"duplicates\":0,"
                + "\"deadLettered\":0,\"results\":[{\"index\":0,\"key\":\"7/2/2024-03-01/1\","
                + "\"type\":\"retail.pos.sale-completed\",\"eventId\":\"" + broker.sent.get(0).headers().get("ce_id")
                + "\",\"status\":\"published\",\"totalsBalanced\":false}]}");
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(again.results().get(0).path("status").asText()).isEqualTo("duplicate");
        assertThat(broker.sent).hasSize(1);
        assertThat(processed.contains("7/2/2024-03-01/1")).isTrue();
        assertThat(count("received", "http")).isEqualTo(2);
        assertThat(count("published", "http")).isEqualTo(1);
        assertThat(count("duplicates", "http")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterARejectedTransactionWithItsOriginalBytesAndGoOn() {
        String bad = "<Transaction><WorkstationID>2</WorkstationID><SequenceNumber>9</SequenceNumber>"
                + "<BusinessDayDate>2024-03-01</BusinessDayDate><ControlTransaction/></Transaction>";

        IngestReport report = ingest.ingest(document(bad, PosLogParserTest.sale("2", "9.90", "10.10")), "queue",
                parser, false);

        assertThat(report).isEqualTo(new IngestReport(2, 1, 0, 1, null));
        assertThat(broker.sent.get(0).uri()).startsWith("jms:queue:pos.inbound.DLQ?");
        assertThat(new String((byte[]) broker.sent.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(bad);
        assertThat(broker.sent.get(0).headers()).containsEntry("FicusPosReason", "missing-ids")
                .containsEntry("FicusPosTransactionIndex", 0).doesNotContainKey("FicusPosKey");
        assertThat(broker.sent.get(1).uri()).startsWith("jms:topic:retail.pos.sale-completed?");
        assertThat(count("dead.lettered", "queue")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterARefusedDocumentExceptFromTheDropDirectory() {
        PosLogSource broken = PosLogSource.of("<Invoice/>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ingest.ingest(broken, "queue", parser, false))
                .isInstanceOf(PosLogRejectedException.class);
        assertThatThrownBy(() -> ingest.ingest(broken, "file", parser, false))
                .isInstanceOf(PosLogRejectedException.class);

        assertThat(broker.sent).hasSize(1);
        assertThat(broker.sent.get(0).body()).isEqualTo("<Invoice/>".getBytes(StandardCharsets.UTF_8));
        assertThat(broker.sent.get(0).headers()).containsEntry("FicusPosScope", "document")
                .containsEntry("FicusPosReason", "wrong-root");
        assertThat(count("received", "file")).isEqualTo(1);
        assertThat(count("dead.lettered", "file")).isEqualTo(1);
    }

    @Test
    void shouldRecordNothingWhenPublishingFails() {
        broker.failure = new IllegalStateException("broker down");

        assertThatThrownBy(() -> ingest.ingest(document(PosLogParserTest.sale("3", "9.90", "10.10")), "queue",
                parser, false)).hasMessage("broker down");

        assertThat(processed.contains("7/2/2024-03-01/3")).isFalse();
    }
}
