package dev.ficus.pos;

/**
 * A whole POSLog document was refused before any of its transactions was published: it is dead-lettered as a
 * whole (queue {@code pos.inbound.DLQ}, the drop directory's {@code error/}) or answered with HTTP 400.
 *
 * <p>{@link #reason()} is one of {@value #MALFORMED}, {@value #DTD_REFUSED}, {@value #WRONG_ROOT},
 * {@value #UNKNOWN_NAMESPACE}, {@value #OVERSIZE}, {@value #LIMIT_EXCEEDED}; the message says what exactly.
 */
public class PosLogRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not well-formed XML (or an encoding that does not match the bytes). */
    public static final String MALFORMED = "malformed-xml";
    /** A DOCTYPE (and so any entity declaration or external entity) is present: refused, never resolved. */
    public static final String DTD_REFUSED = "dtd-refused";
    /** The root element is not {@code POSLog}. */
    public static final String WRONG_ROOT = "wrong-root";
    /** {@code POSLog} is in a namespace that is not a known POSLog namespace. */
    public static final String UNKNOWN_NAMESPACE = "unknown-namespace";
    /** The document is larger than the configured limit (bytes). */
    public static final String OVERSIZE = "oversize";
    /** A parser safety limit (element depth, text or attribute size, entity expansion) was hit. */
    public static final String LIMIT_EXCEEDED = "limit-exceeded";

    private final String reason;

    /**
     * @param reason  a reason code listed above
     * @param message one line for a human
     */
    public PosLogRejectedException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the reason code, e.g. {@value #MALFORMED} */
    public String reason() {
        return reason;
    }
}
