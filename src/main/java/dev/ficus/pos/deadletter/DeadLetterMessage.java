package dev.ficus.pos.deadletter;

import java.util.Map;

/**
 * One message of a dead-letter queue as read from the broker, without any JMS type: what the view
 * ({@link DeadLetter}), the search ({@link DeadLetterSearch}) and a resend ({@link Resend}) work on.
 *
 * @param id         the JMS message id ({@code ID:...}), or {@code null} when the message has none
 * @param timestamp  JMS timestamp, ms since the epoch (when the message was sent to the queue; for a message the
 *                   broker moved there itself, when it was first sent); {@code 0} when unknown
 * @param properties the JMS message properties, name to value (String, Boolean, numbers), in no order
 * @param kind       the JMS body type
 * @param body       the body: a BytesMessage's bytes, a TextMessage's text as UTF-8, empty for any other kind
 */
public record DeadLetterMessage(String id, long timestamp, Map<String, Object> properties, Kind kind, byte[] body) {

    /** JMS body types. */
    public enum Kind {
        /** {@code BytesMessage}: POS ingest's dead letters, documents sent as bytes. */
        BYTES,
        /** {@code TextMessage}: the posting route's dead events (CloudEvent JSON), documents sent as text. */
        TEXT,
        /** {@code Message} without a body. */
        EMPTY,
        /** {@code MapMessage}, {@code ObjectMessage}, {@code StreamMessage}: never sent by Ficus or a till. */
        OTHER
    }

    public DeadLetterMessage {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        body = body == null ? new byte[0] : body;
    }

    /**
     * @param name a property name
     * @return its value as a string, or {@code null} when absent or blank
     */
    public String property(String name) {
        Object value = properties.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
