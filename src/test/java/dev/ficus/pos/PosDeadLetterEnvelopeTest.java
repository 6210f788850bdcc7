package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.pos.deadletter.DeadLetterMessage;
import dev.ficus.pos.deadletter.Resend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transaction dead-lettered on its own carries its document's head, tail and encoding, so that a resend from the
 * admin API ({@link Resend}) is a POSLog document the ingest reads again: the real Retalix sale in every encoding a
 * till writes ({@link EncodedPosLogs}) and the NCR ACS file with its {@code acs:} prefixes (see their LICENSE files).
 */
class PosDeadLetterEnvelopeTest {

    static final AtomicInteger SEQ = new AtomicInteger(7000);

    final SentMessages broker = new SentMessages();
    final Set<String> correctingStores = new HashSet<>();
    final PosDocumentIngest ingest = new PosDocumentIngest(new MemoryProcessedTransactions(),
            new PosMessages(broker.producer(), "jms:queue:pos.inbound.DLQ"), new SimpleMeterRegistry(),
            correctingStores::contains, PosLogParserTest.USD.writer());
    final PosLogParser parser = new PosLogParser(10_000_000, PosLogParserTest.USD);

    static List<EncodedPosLogs> encodings() {
        return EncodedPosLogs.all();
    }

    IngestReport ingest(byte[] document) {
        return ingest.ingest(PosLogSource.of(document), "queue", parser, true);
    }

    /** The last dead letter sent, as the admin API reads it from the queue. */
    DeadLetterMessage lastDeadLetter() {
        SentMessages.Sent sent = broker.sent.stream().filter(s -> s.uri().startsWith("jms:queue:pos.inbound.DLQ"))
                .reduce((a, b) -> b).orElseThrow();
        return new DeadLetterMessage("ID:dl-" + broker.sent.size(), 0, sent.headers(),
                DeadLetterMessage.Kind.BYTES, (byte[]) sent.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void shouldResendAKeyConflictAsADocumentTheIngestReadsAgain(EncodedPosLogs encoded) {
        int seq = SEQ.incrementAndGet();
        assertThat(ingest(encoded.document(seq)).published()).isEqualTo(1);
        EncodedPosLogs changed = new EncodedPosLogs(encoded.label(), encoded.charset(), encoded.bom(),
                encoded.name() + " 2");
        assertThat(ingest(changed.document(seq)).deadLettered()).isEqualTo(1);
        DeadLetterMessage letter = lastDeadLetter();
        assertThat(letter.properties()).containsEntry("FicusPosReason", "key-conflict")
                .containsEntry("FicusPosDocumentTail", "</POSLog>").containsKey("FicusPosDocumentHead");

        byte[] resent = Resend.of(letter).body();

        IngestReport again = ingest(resent);
        assertThat(again.results().get(0).path("reason").asText()).as("read, keyed, and still a conflict")
                .isEqualTo("key-conflict");
        correctingStores.add("0610");
        IngestReport corrected = ingest(resent);
        assertThat(corrected.results().get(0).path("status").asText()).isEqualTo("corrected");
        assertThat(corrected.results().get(0).path("key").asText()).isEqualTo(EncodedPosLogs.key(seq));
    }

    @Test
    void shouldKeepTheVendorPrefixesOfTheNcrDocumentInTheEnvelope() throws IOException {
        byte[] small;
        try (InputStream in = getClass().getResourceAsStream("/pos/ncr-acs-2.1/SMALL.xml")) {
            small = in.readAllBytes();
        }
        String text = new String(small, StandardCharsets.UTF_8);
        byte[] changed = text.replace("TransactionGrandAmount\">1.07<", "TransactionGrandAmount\">2.07<")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ingest(small).published()).isEqualTo(2);
        assertThat(ingest(changed).deadLettered()).isEqualTo(1);
        DeadLetterMessage letter = lastDeadLetter();

        byte[] resent = Resend.of(letter).body();

        assertThat((String) letter.properties().get("FicusPosDocumentHead"))
                .startsWith("<POSLog ").contains("xmlns:acs=\"http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1\"")
                .endsWith(">");
        assertThat(letter.properties()).containsEntry("FicusPosEncoding", "UTF-8")
                .containsEntry("FicusPosKey", "9/34/2017-09-30/161");
        IngestReport again = ingest(resent);
        assertThat(again.received()).isEqualTo(1);
        assertThat(again.results().get(0).path("reason").asText()).isEqualTo("key-conflict");
        assertThat(new String(resent, StandardCharsets.UTF_8))
                .startsWith((String) letter.properties().get("FicusPosDocumentHead")).endsWith("</POSLog>");
    }
}
