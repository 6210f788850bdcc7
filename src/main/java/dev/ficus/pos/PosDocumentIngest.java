package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one POSLog document, whatever the channel: validates it as a whole, then streams its transactions; each
 * one is published once, reported as a duplicate, dead-lettered with the reason, or (a later version under a known
 * key, in a store with {@code later-version-wins}) published as a correction.
 *
 * <p>Idempotent consumer ({@link KeyDecision}): a transaction is a duplicate only when its content hash was
 * published under its key before; other content under a published key is dead-lettered with reason
 * {@value #KEY_CONFLICT} and the headers {@link PosHeaders#STORED_HASH} and {@link PosHeaders#RECEIVED_HASH}, or
 * published as a correction ({@link PosCorrections}). Events are published ({@link PosMessages#publish}) first and
 * only then is the version recorded: a crash in between loses nothing, the transaction comes in again, is sent
 * again, and the broker drops that copy by its duplicate id. A failed send records nothing and propagates (the
 * channel redelivers).
 *
 * <p>Metrics (Micrometer counters, tag {@code channel}): {@code ficus.pos.received}, {@code ficus.pos.published}
 * (corrections included), {@code ficus.pos.duplicates}, {@code ficus.pos.dead.lettered} (key conflicts included),
 * {@code ficus.pos.key.conflicts}, {@code ficus.pos.corrections}, base unit {@code transactions}: a document refused
 * as a whole counts as one received and one dead-lettered unit. Prometheus names end in {@code _transactions_total}
 * ({@code ficus_pos_received_transactions_total}, {@code ficus_pos_dead_lettered_transactions_total}, ...).
 */
final class PosDocumentIngest {

    /** Reason of a dead-lettered transaction whose key was published with other content. */
    static final String KEY_CONFLICT = "key-conflict";

    private static final Logger log = LoggerFactory.getLogger(PosDocumentIngest.class);
    private static final int ATTEMPTS = 3;

    private final ProcessedTransactions processed;
    private final PosMessages messages;
    private final MeterRegistry meters;
    private final Predicate<String> laterVersionWins;
    private final CloudEventWriter writer;

    /**
     * @param processed        durable record of published versions
     * @param messages         sends events and dead letters
     * @param meters           where the counters live
     * @param laterVersionWins store id -> whether a later version is a correction ({@link PosProperties})
     * @param writer           writes correction events
     */
    PosDocumentIngest(ProcessedTransactions processed, PosMessages messages, MeterRegistry meters,
                      Predicate<String> laterVersionWins, CloudEventWriter writer) {
        this.processed = processed;
        this.messages = messages;
        this.meters = meters;
        this.laterVersionWins = laterVersionWins;
        this.writer = writer;
    }

    /**
     * @param source      the document
     * @param channel     {@code http}, {@code queue} or {@code file}, for headers and metrics
     * @param parser      the parser with the channel's size limit
     * @param withResults whether to collect one result per transaction (HTTP) or only counts
     * @return the report
     * @throws PosLogRejectedException when the document is refused as a whole (already dead-lettered unless the
     *                                 channel is {@code file})
     * @throws UncheckedIOException    when the document cannot be read
     */
    IngestReport ingest(PosLogSource source, String channel, PosLogParser parser, boolean withResults) {
        validate(source, channel, parser);
        int received = 0;
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        ArrayNode results = withResults ? JsonNodeFactory.instance.arrayNode() : null;
        try (PosLogParser.TransactionIterator it = parser.transactions(source)) {
            while (it.hasNext()) {
                PosLogItem item = it.next();
                received++;
                count("received", channel);
                ObjectNode result = results == null ? null : results.addObject();
                if (result != null) {
                    result.put("index", item.index());
                    if (item.key() != null) {
                        result.put("key", item.key());
                    }
                }
                outcomes.merge(handle(item, source, channel, result), 1, Integer::sum);
            }
        }
        return new IngestReport(received, outcomes.getOrDefault(Outcome.PUBLISHED, 0),
                outcomes.getOrDefault(Outcome.DUPLICATE, 0), outcomes.getOrDefault(Outcome.DEAD_LETTERED, 0), results);
    }

    private void validate(PosLogSource source, String channel, PosLogParser parser) {
        try {
            parser.validate(source);
        } catch (PosLogRejectedException e) {
            count("received", channel);
            count("dead.lettered", channel);
            log.warn("POS document refused ({}): {}: {}", channel, e.reason(), e.getMessage());
            if (!"file".equals(channel)) {
                messages.deadLetter(readAll(source), PosMessages.DeadLetter.of(channel, "document", e.reason(),
                        e.getMessage(), null, null));
            }
            throw e;
        }
    }

    /** What became of one transaction. */
    enum Outcome { PUBLISHED, DUPLICATE, DEAD_LETTERED }

    private Outcome handle(PosLogItem item, PosLogSource source, String channel, ObjectNode result) {
        if (!item.accepted()) {
            return deadLetter(item, source, channel, result, PosMessages.DeadLetter.of(channel, "transaction",
                    item.reason(), item.detail(), item.index(), item.key()));
        }
        PosTransaction tx = item.transaction();
        PosEvent event = item.event();
        if (result != null) {
            result.put("type", event.type()).put("eventId", event.id());
            if (tx.events().size() > 1) {
                result.put("returnEventId", tx.events().get(1).id());
            }
        }
        Published published = publishOnce(tx);
        switch (published.decision()) {
            case DUPLICATE -> {
                count("duplicates", channel);
                if (result != null) {
                    result.put("status", "duplicate");
                }
                return Outcome.DUPLICATE;
            }
            case CONFLICT -> {
                count("key.conflicts", channel);
                String stored = published.previous().contentHash();
                log.warn("POS key conflict ({}): {} was published with content {}, this one is {}", channel,
                        tx.key(), stored, tx.contentHash());
                return deadLetter(item, source, channel, result, new PosMessages.DeadLetter(channel, "transaction",
                        KEY_CONFLICT, "key " + tx.key() + " was published with other content (stored " + stored
                        + ", received " + tx.contentHash() + ")", item.index(), tx.key(), stored,
                        tx.contentHash()));
            }
            default -> {
                count("published", channel);
                if (published.decision() == KeyDecision.CORRECTION) {
                    count("corrections", channel);
                }
                if (result != null) {
                    result.put("status", published.decision() == KeyDecision.CORRECTION ? "corrected" : "published");
                    if (published.decision() == KeyDecision.CORRECTION) {
                        result.put("eventId", published.firstEventId()).put("correctionOf",
                                published.previous().eventId());
                    }
                    if (!event.balanced()) {
                        result.put("totalsBalanced", false);
                    }
                }
                return Outcome.PUBLISHED;
            }
        }
    }

    private Outcome deadLetter(PosLogItem item, PosLogSource source, String channel, ObjectNode result,
                               PosMessages.DeadLetter letter) {
        count("dead.lettered", channel);
        messages.deadLetter(originalBytes(item, source), letter, envelope(item, source));
        if (result != null) {
            result.put("status", "rejected").put("reason", letter.reason()).put("detail", letter.detail());
        }
        return Outcome.DEAD_LETTERED;
    }

    /**
     * The decision taken and, for a conflict or correction, the version it was taken against.
     *
     * @param decision     what was done
     * @param previous     the latest version recorded before, or {@code null}
     * @param firstEventId id of the first event published, or {@code null}
     */
    record Published(KeyDecision decision, ProcessedTransactions.Version previous, String firstEventId) {
    }

    /**
     * Decides and publishes: publish first, then record the version; a crash in between leaves it unrecorded, so
     * the transaction is sent again when it comes in again, and the broker drops that copy by its duplicate id.
     * When a concurrent ingest recorded the key first, decides again (at most {@value #ATTEMPTS} times).
     *
     * @return the decision taken
     * @throws IllegalStateException when the key keeps changing under concurrent ingests (the channel redelivers)
     */
    Published publishOnce(PosTransaction tx) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ProcessedTransactions.Version latest = processed.latest(tx.key());
            boolean seen = latest != null && processed.contains(tx.key(), tx.contentHash());
            KeyDecision decision = KeyDecision.decide(latest, seen, laterVersionWins.test(tx.storeId()));
            if (decision == KeyDecision.DUPLICATE || decision == KeyDecision.CONFLICT) {
                return new Published(decision, latest, null);
            }
            var events = decision == KeyDecision.NEW ? tx.events() : tx.events().stream()
                    .map(e -> PosCorrections.correction(e, tx.contentHash(), latest.eventId(),
                            latest.contentHash(), writer)).toList();
            events.forEach(messages::publish);
            int version = latest == null ? 1 : latest.version() + 1;
            String eventId = events.get(0).id();
            if (processed.record(tx.key(), new ProcessedTransactions.Version(tx.contentHash(), version, eventId))) {
                return new Published(decision, latest, eventId);
            }
        }
        throw new IllegalStateException("key " + tx.key() + " changed under concurrent ingests " + ATTEMPTS
                + " times; the document is redelivered");
    }

    private void count(String what, String channel) {
        // Prometheus: ficus_pos_<what>_transactions_total
        Counter.builder("ficus.pos." + what).tag("channel", channel).baseUnit("transactions").register(meters)
                .increment();
    }

    private static byte[] originalBytes(PosLogItem item, PosLogSource source) {
        try {
            return item.originalBytes(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PosLogItem.Envelope envelope(PosLogItem item, PosLogSource source) {
        try {
            return item.envelope(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(PosLogSource source) {
        try (InputStream in = source.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
