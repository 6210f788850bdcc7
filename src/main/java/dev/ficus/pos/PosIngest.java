package dev.ficus.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one POSLog document from any channel: validates it as a whole, then streams its transactions; each one
 * is published once as a canonical event, reported as a duplicate, or dead-lettered with the reason.
 *
 * <p>Per transaction: when the idempotency key ({@code <store>/<workstation>/<businessDay>/<sequence>}) is already
 * in the durable repository ({@code ficus.pos_processed_transaction}) the transaction is a duplicate and nothing is
 * sent; otherwise the CloudEvent JSON is sent persistently to the JMS topic named by its type (Artemis multicast
 * address, e.g. {@code retail.pos.sale-completed}) with the JMS properties
 * {@code content_type=application/cloudevents+json}, {@code ce_id}, {@code ce_type}, {@code ce_subject},
 * {@code FicusPosKey} and the Artemis duplicate id {@value #H_DUPLICATE_ID} (= {@code ce_id}), and only then is the
 * key recorded. A crash between the send and the record loses nothing: the transaction comes in again (the
 * channel redelivers or the till resends), is sent again, and the broker drops that copy as a duplicate. When
 * sending fails nothing is recorded and the exception propagates (the channel redelivers). A rejected transaction goes to {@code pos.dead-letter-queue} ({@code pos.inbound.DLQ}) as a
 * BytesMessage holding its original bytes, with the headers {@value #H_REASON}, {@value #H_DETAIL},
 * {@value #H_SCOPE} ({@code transaction} or {@code document}), {@value #H_INDEX}, {@value #H_KEY},
 * {@value #H_CHANNEL}. A document refused as a whole (see {@link PosLogRejectedException}) is dead-lettered with
 * its bytes untouched and scope {@code document}, or (drop directory) moved to {@code error/} with a reason file.
 *
 * <p>Metrics (Micrometer counters, tag {@code channel}): {@code ficus.pos.received}, {@code ficus.pos.published},
 * {@code ficus.pos.duplicates}, {@code ficus.pos.dead.lettered}; a document refused as a whole counts as one
 * received and one dead-lettered unit, so {@code received = published + duplicates + dead.lettered}.
 */
public class PosIngest {

    /** Header: reason code of a dead-lettered message. */
    public static final String H_REASON = "FicusPosReason";
    /** Header: one line for a human. */
    public static final String H_DETAIL = "FicusPosReasonDetail";
    /** Header: {@code transaction} or {@code document}. */
    public static final String H_SCOPE = "FicusPosScope";
    /** Header: index (from 0) of the transaction in its document. */
    public static final String H_INDEX = "FicusPosTransactionIndex";
    /** Header: idempotency key of the transaction, when it could be formed. */
    public static final String H_KEY = "FicusPosKey";
    /** Header: channel the document came in on ({@code http}, {@code queue}, {@code file}). */
    public static final String H_CHANNEL = "FicusPosChannel";

    /** JMS property: Artemis duplicate detection id ({@code _AMQ_DUPL_ID}) of every published event = its CloudEvents id. */
    public static final String H_DUPLICATE_ID = "_AMQ_DUPL_ID";

    private static final Logger log = LoggerFactory.getLogger(PosIngest.class);
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PosLogParser parser;
    private final PosLogParser fileParser;
    private final IdempotentRepository processed;
    private final ProducerTemplate producer;
    private final MeterRegistry meters;
    private final String deadLetterUri;

    /**
     * @param parser       parser for HTTP and queue documents (limit {@code pos.max-document-bytes})
     * @param fileParser   parser for drop-directory files (limit {@code pos.drop.max-file-bytes})
     * @param processed    durable idempotent repository of published keys
     * @param producer     Camel producer for the JMS sends
     * @param meters       where the counters live
     * @param deadLetterUri Camel URI of the dead-letter queue, e.g. {@code jms:queue:pos.inbound.DLQ}
     */
    public PosIngest(PosLogParser parser, PosLogParser fileParser, IdempotentRepository processed,
                     ProducerTemplate producer, MeterRegistry meters, String deadLetterUri) {
        this.parser = parser;
        this.fileParser = fileParser;
        this.processed = processed;
        this.producer = producer;
        this.meters = meters;
        this.deadLetterUri = deadLetterUri;
    }

    /** Outcome of one document. */
    public record Report(int received, int published, int duplicates, int deadLettered, ArrayNode results) {

        /** @return the report as JSON ({@code received, published, duplicates, deadLettered, results[]}) */
        public ObjectNode json() {
            ObjectNode n = JSON.createObjectNode();
            n.put("received", received);
            n.put("published", published);
            n.put("duplicates", duplicates);
            n.put("deadLettered", deadLettered);
            if (results != null) {
                n.set("results", results);
            }
            return n;
        }
    }

    /**
     * HTTP channel: body = the POSLog bytes. Answers 202 with the {@link Report} as JSON (one result per
     * transaction: {@code published}, {@code duplicate} or {@code rejected} with {@code reason} and
     * {@code detail}); 400 {@code application/problem+json} when the document is refused as a whole or no
     * transaction in it is acceptable (the problem then carries {@code reason} and {@code results}).
     *
     * @param exchange the platform-http exchange
     */
    public void http(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        PosLogSource source = PosLogSource.of(body == null ? new byte[0] : body);
        try {
            Report report = ingest(source, "http", parser, true);
            if (report.received() > 0 && report.deadLettered() == report.received()) {
                new Problems(JSON).badRequest(exchange, "POSLog", "no transaction is acceptable: "
                        + report.results().get(0).path("reason").asText() + ": "
                        + report.results().get(0).path("detail").asText());
                ObjectNode problem = (ObjectNode) JSON.readTree(exchange.getMessage().getBody(String.class));
                problem.put("reason", report.results().get(0).path("reason").asText());
                problem.set("results", report.results());
                exchange.getMessage().setBody(problem.toString());
                return;
            }
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setBody(report.json().toString());
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        } catch (PosLogRejectedException e) {
            new Problems(JSON).badRequest(exchange, "POSLog", e.reason() + ": " + e.getMessage());
            try {
                ObjectNode problem = (ObjectNode) JSON.readTree(exchange.getMessage().getBody(String.class));
                problem.put("reason", e.reason());
                exchange.getMessage().setBody(problem.toString());
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queue channel ({@code pos.inbound}): body = the POSLog as bytes (BytesMessage) or text (TextMessage; encoded
     * back in the encoding its XML declaration names). A refused document is dead-lettered, not thrown; a
     * failure to publish is thrown so the message is redelivered.
     *
     * @param exchange the JMS exchange; its body becomes the {@link Report} JSON
     */
    public void queue(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof String text ? encodeAsDeclared(text)
                : exchange.getMessage().getBody(byte[].class);
        try {
            Report report = ingest(PosLogSource.of(bytes == null ? new byte[0] : bytes), "queue", parser, false);
            exchange.getMessage().setBody(report.json().toString());
        } catch (PosLogRejectedException e) {
            exchange.getMessage().setBody(e.reason() + ": " + e.getMessage());
        }
    }

    /**
     * Drop-directory channel: header {@code CamelFileAbsolutePath} names the file, streamed (never loaded whole).
     * A refused file gets {@code <error dir>/<name>.reason.txt} ("reason: detail") and the exception is rethrown so
     * the file component moves the file to {@code error/}.
     *
     * @param exchange the file exchange; its body becomes the {@link Report} JSON
     * @param errorDir where refused files go
     */
    public void file(Exchange exchange, String errorDir) {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        try {
            Report report = ingest(PosLogSource.of(file), "file", fileParser, false);
            log.info("POS drop file {}: {}", file.getFileName(), report.json());
            exchange.getMessage().setBody(report.json().toString());
        } catch (PosLogRejectedException e) {
            try {
                Path dir = Path.of(errorDir);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(file.getFileName() + ".reason.txt"),
                        e.reason() + ": " + e.getMessage() + "\n", StandardCharsets.UTF_8);
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            throw e;
        }
    }

    /**
     * Ingests one document.
     *
     * @param source      the document
     * @param channel     channel name for headers and metrics
     * @param withResults whether to collect one result per transaction (HTTP) or only counts
     * @return the report
     * @throws PosLogRejectedException when the document is refused as a whole (already dead-lettered unless the
     *                                 channel is {@code file})
     */
    Report ingest(PosLogSource source, String channel, PosLogParser p, boolean withResults) {
        try {
            p.validate(source);
        } catch (PosLogRejectedException e) {
            count("received", channel);
            count("dead.lettered", channel);
            log.warn("POS document refused ({}): {}: {}", channel, e.reason(), e.getMessage());
            if (!"file".equals(channel)) {
                deadLetter(readAll(source), channel, "document", e.reason(), e.getMessage(), null, null);
            }
            throw e;
        }
        int received = 0;
        int published = 0;
        int duplicates = 0;
        int dead = 0;
        ArrayNode results = withResults ? JSON.createArrayNode() : null;
        try (PosLogParser.TransactionIterator it = p.transactions(source)) {
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
                if (!item.accepted()) {
                    dead++;
                    count("dead.lettered", channel);
                    byte[] original;
                    try {
                        original = item.originalBytes(source);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    deadLetter(original, channel, "transaction", item.reason(), item.detail(), item.index(),
                            item.key());
                    if (result != null) {
                        result.put("status", "rejected").put("reason", item.reason()).put("detail", item.detail());
                    }
                    continue;
                }
                PosEvent event = item.event();
                if (result != null) {
                    result.put("type", event.type()).put("eventId", event.cloudEvent().get("id").asText());
                }
                // Publish first, then record the key: a crash in between leaves the key unrecorded, so the
                // transaction is sent again when it comes in again, and the broker drops that copy by its
                // duplicate id. A failed send records nothing and propagates (the channel redelivers).
                boolean duplicate = processed.contains(event.key());
                if (!duplicate) {
                    publish(event);
                    duplicate = !processed.add(event.key()); // a concurrent ingest of the same key recorded it first
                }
                if (duplicate) {
                    duplicates++;
                    count("duplicates", channel);
                    if (result != null) {
                        result.put("status", "duplicate");
                    }
                    continue;
                }
                published++;
                count("published", channel);
                if (result != null) {
                    result.put("status", "published");
                    if (!event.balanced()) {
                        result.put("totalsBalanced", false);
                    }
                }
            }
        }
        return new Report(received, published, duplicates, dead, results);
    }

    /**
     * Sends one event to its address, without looking at the idempotent repository (the caller does). The Artemis
     * duplicate id ({@value #H_DUPLICATE_ID}) is the CloudEvents id, a name-based UUID of the idempotency key, so the
     * broker drops a second copy of the same transaction (within the address's {@code id-cache-size} most recent
     * ids, kept across restarts; see {@link PosBrokerConfiguration}).
     *
     * @param event the event
     * @throws RuntimeException when the send fails (nothing was published)
     */
    void publish(PosEvent event) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(H_DUPLICATE_ID, event.cloudEvent().get("id").asText());
        headers.put("content_type", "application/cloudevents+json");
        headers.put("ce_id", event.cloudEvent().get("id").asText());
        headers.put("ce_type", event.type());
        headers.put("ce_subject", event.key());
        headers.put(H_KEY, event.key());
        producer.sendBodyAndHeaders("jms:topic:" + event.type() + "?deliveryPersistent=true&jmsMessageType=Text",
                event.json(), headers);
    }

    private void deadLetter(byte[] bytes, String channel, String scope, String reason, String detail, Integer index,
                            String key) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(H_CHANNEL, channel);
        headers.put(H_SCOPE, scope);
        headers.put(H_REASON, reason);
        headers.put(H_DETAIL, detail == null ? "" : detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        if (index != null) {
            headers.put(H_INDEX, index);
        }
        if (key != null) {
            headers.put(H_KEY, key);
        }
        producer.sendBodyAndHeaders(deadLetterUri + "?jmsMessageType=Bytes&deliveryPersistent=true", bytes, headers);
    }

    private void count(String what, String channel) {
        meters.counter("ficus.pos." + what, "channel", channel).increment();
    }

    private static byte[] readAll(PosLogSource source) {
        try (var in = source.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text message's XML, encoded in the charset its declaration names (UTF-8 when none or unknown). */
    static byte[] encodeAsDeclared(String text) {
        Matcher m = DECLARED_ENCODING.matcher(text);
        Charset cs = StandardCharsets.UTF_8;
        if (m.find()) {
            try {
                cs = Charset.forName(m.group(1));
            } catch (IllegalArgumentException e) {
                cs = StandardCharsets.UTF_8;
            }
        }
        return text.getBytes(cs);
    }
}
