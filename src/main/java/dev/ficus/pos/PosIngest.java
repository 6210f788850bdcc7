package dev.ficus.pos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.web.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code posIngest} of the channel routes under {@code routes/pos/}: takes one POSLog document from HTTP,
 * the queue or the drop directory and hands it to the ingest ({@link PosDocumentIngest}); each transaction is
 * published once as a canonical CloudEvent, reported as a duplicate, or dead-lettered with the reason.
 *
 * <p>An event goes persistently to the JMS topic named by its type (Artemis multicast address, e.g.
 * {@code retail.pos.sale-completed}) with the JMS properties {@code content_type=application/cloudevents+json},
 * {@code ce_id}, {@code ce_type}, {@code ce_subject}, {@code FicusPosKey} and the Artemis duplicate id
 * {@code _AMQ_DUPL_ID} (= {@code ce_id}) ({@link PosMessages}). A rejected transaction goes to
 * {@code pos.dead-letter-queue} ({@code pos.inbound.DLQ}) as a BytesMessage holding its original bytes, with the
 * {@link PosHeaders} ({@code FicusPosReason}, {@code FicusPosReasonDetail}, {@code FicusPosScope} {@code transaction}
 * or {@code document}, {@code FicusPosTransactionIndex}, {@code FicusPosKey}, {@code FicusPosChannel}). A document
 * refused as a whole (see {@link PosLogRejectedException}) is dead-lettered with its bytes untouched and scope
 * {@code document}, or (drop directory) moved to {@code error/} with a reason file.
 *
 * <p>Metrics: see {@link PosDocumentIngest}; {@code received = published + duplicates + dead.lettered}.
 */
public class PosIngest {

    private static final Logger log = LoggerFactory.getLogger(PosIngest.class);
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private final PosLogParser parser;
    private final PosLogParser fileParser;
    private final PosDocumentIngest documents;
    private final PosMessages messages;
    private final Problems problems;
    private final ObjectMapper json;

    /**
     * @param parser     parser for HTTP and queue documents (limit {@code pos.max-document-bytes})
     * @param fileParser parser for drop-directory files (limit {@code pos.drop.max-file-bytes})
     * @param documents  the ingest of one document
     * @param messages   sends events (for {@link #publish})
     * @param problems   writes RFC 9457 problem details for the HTTP channel
     * @param json       Spring's mapper
     */
    PosIngest(PosLogParser parser, PosLogParser fileParser, PosDocumentIngest documents, PosMessages messages,
              Problems problems, ObjectMapper json) {
        this.parser = parser;
        this.fileParser = fileParser;
        this.documents = documents;
        this.messages = messages;
        this.problems = problems;
        this.json = json;
    }

    /**
     * HTTP channel: body = the POSLog bytes exactly as sent (at most {@code pos.max-document-bytes}: the filter
     * {@code posBodyLimit} answers 413 beyond, see {@link PosConfiguration}), decoded as the document says
     * (byte order mark, else XML declaration, else UTF-8). Answers 415 {@code application/problem+json} when the
     * {@code Content-Type} names a {@code charset} that contradicts the document ({@link ContentTypeCharset});
     * otherwise 202 {@code application/json} with the report
     * ({@code received, published, duplicates, deadLettered} and one result per transaction: {@code published},
     * {@code corrected}, {@code duplicate} or {@code rejected} with {@code reason} (e.g. {@code key-conflict}) and
     * {@code detail}); 400
     * {@code application/problem+json} (RFC 9457) when the document is refused as a whole or no transaction in it
     * is acceptable (the problem then carries {@code reason} and {@code results}).
     *
     * @param exchange the platform-http exchange
     * @throws UncheckedIOException when a problem body cannot be read back
     */
    public void http(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        PosLogSource source = PosLogSource.of(body == null ? new byte[0] : body);
        String conflict = ContentTypeCharset.conflict(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE,
                String.class), parser.charset(source));
        if (conflict != null) {
            problems.write(exchange, Problems.problem(415, conflict));
            return;
        }
        try {
            IngestReport report = documents.ingest(source, "http", parser, true);
            if (report.received() > 0 && report.deadLettered() == report.received()) {
                JsonNode first = report.results().get(0);
                String reason = first.path("reason").asText();
                badRequest(exchange, "no transaction is acceptable: " + reason + ": " + first.path("detail").asText(),
                        reason, report.results());
                return;
            }
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setBody(write(report.json()));
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        } catch (PosLogRejectedException e) {
            badRequest(exchange, e.reason() + ": " + e.getMessage(), e.reason(), null);
        }
    }

    /** 400 problem with the {@code reason} extension and, when given, {@code results}. */
    private void badRequest(Exchange exchange, String detail, String reason, ArrayNode results) {
        problems.badRequest(exchange, "POSLog", detail);
        try {
            ObjectNode problem = (ObjectNode) json.readTree(exchange.getMessage().getBody(String.class));
            problem.put("reason", reason);
            if (results != null) {
                problem.set("results", results);
            }
            exchange.getMessage().setBody(write(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queue channel ({@code pos.inbound}): body = the POSLog as bytes (BytesMessage) or text (TextMessage; encoded
     * back in the encoding its XML declaration names). A refused document is dead-lettered, not thrown; a
     * failure to publish is thrown so the message is redelivered.
     *
     * @param exchange the JMS exchange; its body becomes the report JSON, or {@code "<reason>: <detail>"}
     */
    public void queue(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        byte[] bytes = body instanceof String text ? encodeAsDeclared(text)
                : exchange.getMessage().getBody(byte[].class);
        try {
            IngestReport report = documents.ingest(PosLogSource.of(bytes == null ? new byte[0] : bytes), "queue",
                    parser, false);
            exchange.getMessage().setBody(write(report.json()));
        } catch (PosLogRejectedException e) {
            exchange.getMessage().setBody(e.reason() + ": " + e.getMessage());
        }
    }

    /**
     * Drop-directory channel: header {@code CamelFileAbsolutePath} names the file, streamed (never loaded whole).
     * A refused file gets {@code <error dir>/<name>.reason.txt} ("reason: detail") and the exception is rethrown so
     * the file component moves the file to {@code error/}.
     *
     * @param exchange the file exchange; its body becomes the report JSON
     * @param errorDir where refused files go
     * @throws PosLogRejectedException when the file is refused as a whole
     */
    public void file(Exchange exchange, String errorDir) {
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
        try {
            IngestReport report = documents.ingest(PosLogSource.of(file), "file", fileParser, false);
            String text = write(report.json());
            log.info("POS drop file {}: {}", file.getFileName(), text);
            exchange.getMessage().setBody(text);
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
     * Sends one event to its address, without looking at the idempotent repository. The Artemis duplicate id is
     * the CloudEvents id, a name-based UUID of the idempotency key, so the broker drops a second copy of the same
     * transaction (within the address's {@code id-cache-size} most recent ids, kept across restarts; see
     * {@link PosBrokerConfiguration}).
     *
     * @param event the event
     * @throws RuntimeException when the send fails (nothing was published)
     */
    void publish(PosEvent event) {
        messages.publish(event);
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
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
