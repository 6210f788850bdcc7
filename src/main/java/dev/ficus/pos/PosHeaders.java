package dev.ficus.pos;

/**
 * Names of the POS-only JMS message properties (Camel headers) POS ingest sets. The CloudEvents properties every
 * published event carries are in {@link dev.ficus.platform.events.EventHeaders}; the posting route's own
 * ({@code FicusPosting*}) are in {@link PosPostingErrorHandling}.
 *
 * <p>On a published event: {@value #KEY}, {@value #POST}, and {@value #CORRECTION_OF} on a correction. On a
 * dead-lettered document or transaction ({@code pos.dead-letter-queue}): {@value #REASON}, {@value #DETAIL},
 * {@value #SCOPE}, {@value #CHANNEL}, {@value #INDEX} and {@value #KEY} when known, {@value #REQUEST_ID} when it
 * came over HTTP, for reason {@code key-conflict} {@value #STORED_HASH} and {@value #RECEIVED_HASH}, and for a
 * transaction (scope {@code transaction}, whose body is only its {@code Transaction} element) the document around it:
 * {@value #DOCUMENT_HEAD}, {@value #DOCUMENT_TAIL} and {@value #ENCODING}, so that head + body + tail is a whole
 * POSLog document again (what a resend from the admin API sends).
 */
public final class PosHeaders {

    /** Reason code of a dead-lettered message, e.g. {@code malformed-xml}, {@code missing-ids}, {@code key-conflict}. */
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

    /** The {@code X-Request-Id} of the HTTP request that brought the document, when it came over HTTP. */
    public static final String REQUEST_ID = "FicusRequestId";
    /**
     * A dead-lettered transaction: its document's text up to the end of the {@code POSLog} start tag (XML
     * declaration and root with its namespace declarations), at most 16384 characters (left out when longer).
     */
    public static final String DOCUMENT_HEAD = "FicusPosDocumentHead";
    /** A dead-lettered transaction: its document's end tag, e.g. {@code </POSLog>}. */
    public static final String DOCUMENT_TAIL = "FicusPosDocumentTail";
    /** A dead-lettered transaction: the encoding of its bytes (its document's), a Java charset name. */
    public static final String ENCODING = "FicusPosEncoding";

    /** Key conflict: SHA-256 hex content hash of the version published before under the key. */
    public static final String STORED_HASH = "FicusPosStoredHash";
    /** Key conflict: SHA-256 hex content hash of the transaction received (and dead-lettered). */
    public static final String RECEIVED_HASH = "FicusPosReceivedHash";
    /**
     * Boolean on every event: whether route {@code pos-posting} may post it to legacy ({@code false} for the return
     * side of an exchange and anything in training mode; only sale and return events reach the posting queue).
     */
    public static final String POST = "FicusPosPost";
    /** On a correction: the CloudEvents id of the event it corrects. */
    public static final String CORRECTION_OF = "FicusPosCorrectionOf";

    private PosHeaders() {
    }
}
