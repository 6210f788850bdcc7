package dev.ficus.pos;

/**
 * Names of the POS-only JMS message properties (Camel headers) POS ingest sets. The CloudEvents properties every
 * published event carries are in {@link dev.ficus.platform.events.EventHeaders}; the posting route's own
 * ({@code FicusPosting*}) are in {@link PosPostingErrorHandling}.
 *
 * <p>On a published event: {@value #KEY}. On a dead-lettered document or transaction ({@code pos.dead-letter-queue}):
 * {@value #REASON}, {@value #DETAIL}, {@value #SCOPE}, {@value #CHANNEL}, and {@value #INDEX} and {@value #KEY} when
 * known.
 */
public final class PosHeaders {

    /** Reason code of a dead-lettered message, e.g. {@code malformed-xml}, {@code missing-ids}. */
    public static final String REASON = "FicusPosReason";
    /** One line for a human, at most 1000 characters. */
    public static final String DETAIL = "FicusPosReasonDetail";
    /** {@code transaction} or {@code document}. */
    public static final String SCOPE = "FicusPosScope";
    /** Index (from 0) of the transaction in its document, an int. */
    public static final String INDEX = "FicusPosTransactionIndex";
    /** Idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>} of the transaction, when formed. */
    public static final String KEY = "FicusPosKey";
    /** Channel the document came in on ({@code http}, {@code queue}, {@code file}). */
    public static final String CHANNEL = "FicusPosChannel";

    private PosHeaders() {
    }
}
