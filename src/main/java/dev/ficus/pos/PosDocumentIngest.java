package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one POSLog document, whatever the channel: validates it as a whole, then streams its transactions; each
 * one is published once, reported as a duplicate, or dead-lettered with the reason.
 *
 * <p>Idempotent consumer: when a transaction's key is already in the durable repository it is a duplicate and
 * nothing is sent; otherwise its event is published ({@link PosMessages#publish}) and only then is the key recorded.
 * A crash between the two loses nothing: the transaction comes in again, is sent again, and the broker drops that
 * copy by its duplicate id. A failed send records nothing and propagates (the channel redelivers).
 *
 * <p>Metrics (Micrometer counters, tag {@code channel}): {@code ficus.pos.received}, {@code ficus.pos.published},
 * {@code ficus.pos.duplicates}, {@code ficus.pos.dead.lettered}; a document refused as a whole counts as one
 * received and one dead-lettered unit.
 */
final class PosDocumentIngest {

    private static final Logger log = LoggerFactory.getLogger(PosDocumentIngest.class);

    private final IdempotentRepository processed;
    private final PosMessages messages;
    private final MeterRegistry meters;

    /**
     * @param processed durable idempotent repository of published keys
     * @param messages  sends events and dead letters
     * @param meters    where the counters live
     */
    PosDocumentIngest(IdempotentRepository processed, PosMessages messages, MeterRegistry meters) {
        this.processed = processed;
        this.messages = messages;
        this.meters = meters;
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
                messages.deadLetter(readAll(source),
                        new PosMessages.DeadLetter(channel, "document", e.reason(), e.getMessage(), null, null));
            }
            throw e;
        }
    }

    /** What became of one transaction. */
    enum Outcome { PUBLISHED, DUPLICATE, DEAD_LETTERED }

    private Outcome handle(PosLogItem item, PosLogSource source, String channel, ObjectNode result) {
        if (!item.accepted()) {
            count("dead.lettered", channel);
            messages.deadLetter(originalBytes(item, source), new PosMessages.DeadLetter(channel, "transaction",
                    item.reason(), item.detail(), item.index(), item.key()));
            if (result != null) {
                result.put("status", "rejected").put("reason", item.reason()).put("detail", item.detail());
            }
            return Outcome.DEAD_LETTERED;
        }
        PosEvent event = item.event();
        if (result != null) {
            result.put("type", event.type()).put("eventId", event.id());
        }
        if (!publishOnce(event)) {
            count("duplicates", channel);
            if (result != null) {
                result.put("status", "duplicate");
            }
            return Outcome.DUPLICATE;
        }
        count("published", channel);
        if (result != null) {
            result.put("status", "published");
            if (!event.balanced()) {
                result.put("totalsBalanced", false);
            }
        }
        return Outcome.PUBLISHED;
    }

    /**
     * Publish first, then record the key: a crash in between leaves the key unrecorded, so the transaction is sent
     * again when it comes in again, and the broker drops that copy by its duplicate id.
     *
     * @return {@code true} when published, {@code false} when the key was recorded already (or concurrently)
     */
    boolean publishOnce(PosEvent event) {
        if (processed.contains(event.key())) {
            return false;
        }
        messages.publish(event);
        return processed.add(event.key()); // false: a concurrent ingest of the same key recorded it first
    }

    private void count(String what, String channel) {
        meters.counter("ficus.pos." + what, "channel", channel).increment();
    }

    private static byte[] originalBytes(PosLogItem item, PosLogSource source) {
        try {
            return item.originalBytes(source);
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
