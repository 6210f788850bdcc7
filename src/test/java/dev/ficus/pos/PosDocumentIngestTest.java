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

    @Test
    void shouldDeadLetterOtherContentUnderAPublishedKeyWithBothHashesAndCountIt() {
        ingest.ingest(document(PosLogParserTest.sale("4", "9.90", "10.10")), "http", parser, true);
        String changed = PosLogParserTest.sale("4", "9.90", "10.10").replace("<Amount>20.00</Amount>",
                "<Amount>30.00</Amount>").replace("<Amount>10.10</Amount>", "<Amount>20.10</Amount>");

        IngestReport report = ingest.ingest(document(changed), "http", parser, true);

        assertThat(report.deadLettered()).isEqualTo(1);
        assertThat(report.results().get(0).path("reason").asText()).isEqualTo("key-conflict");
        SentMessages.Sent dlq = broker.sent.get(1);
        assertThat(dlq.uri()).startsWith("jms:queue:pos.inbound.DLQ?");
        assertThat(new String((byte[]) dlq.body(), StandardCharsets.UTF_8)).isEqualTo(changed);
        String stored = processed.latest("7/2/2024-03-01/4").contentHash();
        assertThat(dlq.headers()).containsEntry("FicusPosReason", "key-conflict")
                .containsEntry("FicusPosKey", "7/2/2024-03-01/4")
                .containsEntry("FicusPosStoredHash", stored)
                .hasEntrySatisfying("FicusPosReceivedHash", h -> assertThat(h).isNotEqualTo(stored)
                        .asString().hasSize(64));
        assertThat(count("key.conflicts", "http")).isEqualTo(1);
        assertThat(count("dead.lettered", "http")).isEqualTo(1);
        assertThat(processed.versions.get("7/2/2024-03-01/4")).hasSize(1);
    }

    @Test
    void shouldCallAResendWithOtherBytesButTheSameContentADuplicate() {
        ingest.ingest(document(PosLogParserTest.sale("5", "9.90", "10.10")), "http", parser, true);
        String reformatted = PosLogParserTest.sale("5", "9.90", "10.10").replace("<Amount>1.00</Amount>",
                "<Amount>\n  1.0\n</Amount>".replace("\\n", "\n")).replace("><", ">\n<".replace("\\n", "\n"));

        IngestReport again = ingest.ingest(document(reformatted), "queue", parser, false);

        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(broker.sent).hasSize(1);
    }

    @Test
    void shouldPublishALaterVersionAsACorrectionWhenTheStoreSaysSo() {
        correctingStores.add("7");
        ingest.ingest(document(PosLogParserTest.sale("6", "9.90", "10.10")), "http", parser, true);
        String first = broker.sent.get(0).headers().get("ce_id").toString();
        String changed = PosLogParserTest.sale("6", "9.90", "10.10").replace("<Description>Käse</Description>",
                "<Description>Gouda</Description>");

        IngestReport report = ingest.ingest(document(changed), "http", parser, true);
        IngestReport resend = ingest.ingest(document(changed), "http", parser, true);

        assertThat(report.results().get(0).path("status").asText()).isEqualTo("corrected");
        assertThat(resend.duplicates()).isEqualTo(1);
        assertThat(broker.sent).hasSize(2);
        SentMessages.Sent correction = broker.sent.get(1);
        assertThat(correction.headers()).containsEntry("FicusPosCorrectionOf", first)
                .doesNotContainEntry("ce_id", first);
        assertThat(correction.body().toString()).contains("\"ficuscorrectionof\":\"" + first + "\"")
                .contains("\"correctionOf\":{\"eventId\":\"" + first + "\"");
        assertThat(processed.versions.get("7/2/2024-03-01/6")).extracting(ProcessedTransactions.Version::version)
                .containsExactly(1, 2);
        assertThat(count("corrections", "http")).isEqualTo(1);
    }

    @Test
    void shouldPublishBothSidesOfAnExchangeOnce() {
        String exchange = PosLogParserTest.sale("8", "5.90", "10.10").replace("<LineItem VoidFlag=\"true\">"
                + "<SequenceNumber>2</SequenceNumber><Sale><ItemID>B</ItemID><ExtendedAmount>5.00</ExtendedAmount>"
                + "</Sale></LineItem>", "<LineItem><SequenceNumber>2</SequenceNumber><Return><ItemID>B</ItemID>"
                + "<ExtendedAmount>4.00</ExtendedAmount></Return></LineItem>")
                .replace("<Amount>20.00</Amount>", "<Amount>16.00</Amount>");

        IngestReport report = ingest.ingest(document(exchange), "http", parser, true);
        ingest.ingest(document(exchange), "http", parser, true);

        assertThat(report.results().get(0).path("status").asText()).isEqualTo("published");
        assertThat(broker.sent).extracting(SentMessages.Sent::uri).containsExactly(
                "jms:topic:retail.pos.sale-completed?deliveryPersistent=true&jmsMessageType=Text",
                "jms:topic:retail.pos.return-completed?deliveryPersistent=true&jmsMessageType=Text");
        assertThat(broker.sent.get(0).headers()).containsEntry("FicusPosPost", true);
        assertThat(broker.sent.get(1).headers()).containsEntry("FicusPosPost", false);
        assertThat(report.results().get(0).path("returnEventId").asText())
                .isEqualTo(broker.sent.get(1).headers().get("ce_id"));
    }
}
