package dev.ficus.pos;

/**
 * One transaction of a document cannot be mapped: it alone is dead-lettered (the others are published).
 * Reasons: {@value #MISSING_IDS} (store, workstation, sequence number or business day absent),
 * {@value #INVALID_VALUE} (an amount, date or number that does not parse), {@value #UNSUPPORTED} (neither a
 * RetailTransaction nor a ControlTransaction).
 */
public class PosTransactionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An id of the idempotency key is missing. */
    public static final String MISSING_IDS = "missing-ids";
    /** A value does not parse. */
    public static final String INVALID_VALUE = "invalid-value";
    /** The transaction kind is not supported. */
    public static final String UNSUPPORTED = "unsupported-transaction";

    private final String reason;
    private final String key;

    PosTransactionException(String reason, String message, String key) {
        super(message);
        this.reason = reason;
        this.key = key;
    }

    /** @return the reason code */
    public String reason() {
        return reason;
    }

    /** @return the idempotency key when the ids were present, else {@code null} */
    public String key() {
        return key;
    }
}
