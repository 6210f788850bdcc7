package dev.ficus.pos;

import dev.ficus.platform.events.CloudEventWriter;
import dev.ficus.platform.events.EventHeaders;
import dev.ficus.platform.web.RequestIds;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.MDC;

/**
 * The two kinds of message POS ingest sends through Camel's JMS component, both persistent:
 * <ul>
 *   <li>an event: a TextMessage holding the CloudEvent JSON, to the JMS topic (Artemis multicast address) named by
 *       its type, with {@code content_type=application/cloudevents+json}, {@code ce_id}, {@code ce_type},
 *       {@code ce_subject} ({@link EventHeaders}), {@link PosHeaders#KEY}, {@link PosHeaders#POST} (whether route
 *       {@code pos-posting} may post it to legacy), {@link PosHeaders#CORRECTION_OF} on a correction, and Artemis's
 *       duplicate id ({@link EventHeaders#DUPLICATE_ID}) = the CloudEvents id;</li>
 *   <li>a dead letter: a BytesMessage holding the original bytes of a refused document or transaction, to the
 *       dead-letter queue, with the {@link PosHeaders} reason headers ({@link PosHeaders#REQUEST_ID} from the
 *       logging MDC of an HTTP request; a transaction's {@link PosLogItem.Envelope} when given).</li>
 * </ul>
 * A failed send throws Camel's exception (nothing was sent).
 */
final class PosMessages {

    private static final int MAX_DETAIL_CHARS = 1000;

    private final ProducerTemplate producer;
    private final String deadLetterUri;

    /**
     * @param producer      Camel producer
     * @param deadLetterUri Camel URI of the dead-letter queue, e.g. {@code jms:queue:pos.inbound.DLQ}
     */
    PosMessages(ProducerTemplate producer, String deadLetterUri) {
        this.producer = producer;
        this.deadLetterUri = deadLetterUri;
    }

    /** @param event the event, sent to {@code jms:topic:<type>} */
    void publish(PosEvent event) {
        producer.sendBodyAndHeaders("jms:topic:" + event.type() + "?deliveryPersistent=true&jmsMessageType=Text",
                event.json(), eventHeaders(event));
    }

    static Map<String, Object> eventHeaders(PosEvent event) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(EventHeaders.DUPLICATE_ID, event.id());
        headers.put(EventHeaders.CONTENT_TYPE, CloudEventWriter.MEDIA_TYPE);
        headers.put(EventHeaders.CE_ID, event.id());
        headers.put(EventHeaders.CE_TYPE, event.type());
        headers.put(EventHeaders.CE_SUBJECT, event.key());
        headers.put(PosHeaders.KEY, event.key());
        headers.put(PosHeaders.POST, event.postToLegacy());
        if (event.correctionOf() != null) {
            headers.put(PosHeaders.CORRECTION_OF, event.correctionOf());
        }
        return headers;
    }

    /**
     * One refused document or transaction.
     *
     * @param channel {@code http}, {@code queue} or {@code file}
     * @param scope   {@code document} or {@code transaction}
     * @param reason  reason code
     * @param detail  one line for a human (cut to 1000 characters), or {@code null}
     * @param index   the transaction's index in its document, or {@code null}
     * @param key     the transaction's idempotency key, or {@code null}
     * @param storedHash   a key conflict's content hash published before, or {@code null}
     * @param receivedHash a key conflict's content hash received now, or {@code null}
     */
    record DeadLetter(String channel, String scope, String reason, String detail, Integer index, String key,
                      String storedHash, String receivedHash) {

        /** @return a dead letter without content hashes (anything but a key conflict) */
        static DeadLetter of(String channel, String scope, String reason, String detail, Integer index, String key) {
            return new DeadLetter(channel, scope, reason, detail, index, key, null, null);
        }
    }

    /** @param bytes the original bytes, sent to the dead-letter queue with the headers of {@code letter} */
    void deadLetter(byte[] bytes, DeadLetter letter) {
        deadLetter(bytes, letter, null);
    }

    /**
     * @param bytes    the original bytes of one transaction, sent to the dead-letter queue with the headers of
     *                 {@code letter} ...
     * @param letter   why
     * @param envelope ... and its document's head, tail and encoding, or {@code null}
     */
    void deadLetter(byte[] bytes, DeadLetter letter, PosLogItem.Envelope envelope) {
        Map<String, Object> headers = deadLetterHeaders(letter);
        if (envelope != null) {
            headers.put(PosHeaders.DOCUMENT_HEAD, envelope.head());
            headers.put(PosHeaders.DOCUMENT_TAIL, envelope.tail());
            headers.put(PosHeaders.ENCODING, envelope.charset().name());
        }
        producer.sendBodyAndHeaders(deadLetterUri + "?jmsMessageType=Bytes&deliveryPersistent=true", bytes, headers);
    }

    static Map<String, Object> deadLetterHeaders(DeadLetter letter) {
        Map<String, Object> headers = new HashMap<>();
        String detail = letter.detail();
        headers.put(PosHeaders.CHANNEL, letter.channel());
        headers.put(PosHeaders.SCOPE, letter.scope());
        headers.put(PosHeaders.REASON, letter.reason());
        headers.put(PosHeaders.DETAIL, detail == null ? ""
                : detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail);
        if (letter.index() != null) {
            headers.put(PosHeaders.INDEX, letter.index());
        }
        if (letter.key() != null) {
            headers.put(PosHeaders.KEY, letter.key());
        }
        if (letter.storedHash() != null) {
            headers.put(PosHeaders.STORED_HASH, letter.storedHash());
        }
        if (letter.receivedHash() != null) {
            headers.put(PosHeaders.RECEIVED_HASH, letter.receivedHash());
        }
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null && "http".equals(letter.channel())) {
            headers.put(PosHeaders.REQUEST_ID, requestId);
        }
        return headers;
    }
}
