package dev.ficus.pos.deadletter;

import dev.ficus.pos.PosHeaders;
import dev.ficus.pos.PosPostingErrorHandling;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an operator sees of one dead letter, read from its properties and, where they say nothing, its text. The
 * JSON of a list entry ({@link #summary()}): {@code id, reason, detail, channel, receivedAt} (ISO-8601),
 * {@code storeId, workstationId, sequenceNumber, businessKey, requestId, bytes}; absent values are {@code null}.
 *
 * <ul>
 *   <li>{@code reason}/{@code detail}: POS ingest's {@value PosHeaders#REASON}/{@value PosHeaders#DETAIL} (e.g.
 *       {@code malformed-xml}, {@code key-conflict}), the posting route's
 *       {@value PosPostingErrorHandling#H_REASON}/{@value PosPostingErrorHandling#H_DETAIL} (e.g.
 *       {@code legacy-failed}), or {@value #BROKER_REASON} for a document the broker moved here itself after its
 *       last delivery attempt (property {@code _AMQ_ORIG_QUEUE}, no reason of Ficus's);</li>
 *   <li>{@code businessKey}: the transaction key {@code <store>/<workstation>/<businessDay>/<sequence>}
 *       ({@value PosHeaders#KEY}); for a document refused as a whole, the same key formed from the first
 *       {@code RetailStoreID}, {@code WorkstationID}, {@code BusinessDayDate} and {@code SequenceNumber} in its text
 *       when all four are there; store, workstation and sequence come from the same place ({@code -} in a key, a
 *       transaction without workstation, is {@code null});</li>
 *   <li>{@code requestId}: {@value PosHeaders#REQUEST_ID}, the HTTP request that brought it;</li>
 *   <li>{@code bytes}: size of the body, bytes (a TextMessage's text counted as UTF-8).</li>
 * </ul>
 *
 * @param id             JMS message id
 * @param reason         reason code
 * @param detail         one line for a human
 * @param channel        {@code http}, {@code queue} or {@code file} (POS ingest's dead letters)
 * @param receivedAt     when it was sent to the queue
 * @param storeId        the store
 * @param workstationId  the till
 * @param sequenceNumber the transaction's number at the till
 * @param businessKey    the transaction key
 * @param requestId      the HTTP request id
 * @param bytes          body size, bytes
 */
public record DeadLetter(String id, String reason, String detail, String channel, Instant receivedAt,
                         String storeId, String workstationId, String sequenceNumber, String businessKey,
                         String requestId, long bytes) {

    /** Reason of a document the broker moved to the dead-letter queue after its last delivery attempt. */
    public static final String BROKER_REASON = "max-delivery-attempts";
    /** Property Artemis sets on a message it moves to a dead-letter address: the queue it came from. */
    static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";
    /** Characters of a body searched for the business key fields. */
    private static final int KEY_SEARCH_CHARS = 64 * 1024;
    /** The first {@code <name>value</name>} (any prefix, attributes) of each key element; value 1..64 characters. */
    private static final Map<String, Pattern> KEY_ELEMENTS = Stream.of("RetailStoreID", "WorkstationID",
            "BusinessDayDate", "SequenceNumber").collect(Collectors.toMap(name -> name, name -> Pattern.compile(
            "<(?:[A-Za-z_][\\w.-]*:)?" + name + "(?:\\s[^>]*)?>\\s*([^<\\s/]{1,64})\\s*</")));

    /**
     * @param message the message
     * @param text    its body as text, {@code null} when it is not text ({@link DeadLetterText}); asked only when the
     *                message has no {@value PosHeaders#KEY}
     * @return the view
     */
    public static DeadLetter of(DeadLetterMessage message, Supplier<String> text) {
        String key = message.property(PosHeaders.KEY);
        String[] parts = key == null ? null : key.split("/", -1);
        if (key == null) {
            parts = keyFromText(text.get());
            key = parts == null ? null : String.join("/", parts);
        } else if (parts.length != 4) {
            parts = null;
        }
        String reason = first(message.property(PosHeaders.REASON),
                message.property(PosPostingErrorHandling.H_REASON));
        String detail = first(message.property(PosHeaders.DETAIL),
                message.property(PosPostingErrorHandling.H_DETAIL));
        String from = message.property(ORIGINAL_QUEUE);
        if (reason == null && from != null) {
            reason = BROKER_REASON;
            detail = first(detail, "the broker moved it here from " + from + " after its last delivery attempt");
        }
        return new DeadLetter(message.id(), reason, detail, message.property(PosHeaders.CHANNEL),
                message.timestamp() > 0 ? Instant.ofEpochMilli(message.timestamp()) : null,
                parts == null ? null : parts[0], parts == null || "-".equals(parts[1]) ? null : parts[1],
                parts == null ? null : parts[3], key, message.property(PosHeaders.REQUEST_ID), message.body().length);
    }

    /** @return store, workstation, business day and sequence from the first occurrences in a POSLog's text */
    static String[] keyFromText(String text) {
        if (text == null) {
            return null;
        }
        String head = text.length() > KEY_SEARCH_CHARS ? text.substring(0, KEY_SEARCH_CHARS) : text;
        String[] parts = {element(head, "RetailStoreID"), element(head, "WorkstationID"),
            element(head, "BusinessDayDate"), element(head, "SequenceNumber")};
        for (String part : parts) {
            if (part == null) {
                return null;
            }
        }
        return parts;
    }

    private static String element(String text, String name) {
        Matcher m = KEY_ELEMENTS.get(name).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** @return {@code store/workstation/sequence}, the short form a till's receipt shows, or {@code null} */
    String shortKey() {
        return storeId == null || sequenceNumber == null ? null
                : storeId + "/" + (workstationId == null ? "-" : workstationId) + "/" + sequenceNumber;
    }

    /** @return the list entry's JSON members, in the order above */
    public Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("reason", reason);
        json.put("detail", detail);
        json.put("channel", channel);
        json.put("receivedAt", receivedAt == null ? null : receivedAt.toString());
        json.put("storeId", storeId);
        json.put("workstationId", workstationId);
        json.put("sequenceNumber", sequenceNumber);
        json.put("businessKey", businessKey);
        json.put("requestId", requestId);
        json.put("bytes", bytes);
        return json;
    }
}
