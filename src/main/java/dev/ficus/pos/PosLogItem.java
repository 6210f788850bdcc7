package dev.ficus.pos;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * One transaction of a POSLog document: its position ({@code index} from 0; {@code fromChar}/{@code toChar}, the
 * character range of its {@code Transaction} element in the decoded document, and the document's
 * {@code charset}) and either the mapped {@link PosTransaction} or a rejection ({@code reason} code of
 * {@link PosTransactionException}, {@code detail}, and the idempotency key when it could be formed). The document
 * around it: {@code headChars}, the characters before the end of the root's start tag, and {@code rootName}, the
 * root's qualified name as written ({@code 0} and {@code null} when unknown).
 */
public record PosLogItem(int index, long fromChar, long toChar, Charset charset, PosTransaction transaction,
                         String reason, String detail, String key, long headChars, String rootName) {

    /** Longest document head (characters) an {@link Envelope} keeps; a longer one makes none. */
    public static final int MAX_HEAD_CHARS = 16 * 1024;

    static PosLogItem mapped(int index, long from, long to, Charset charset, PosTransaction transaction) {
        return new PosLogItem(index, from, to, charset, transaction, null, null, transaction.key(), 0, null);
    }

    static PosLogItem rejected(int index, long from, long to, Charset charset, String reason, String detail,
                               String key) {
        return new PosLogItem(index, from, to, charset, null, reason, detail, key, 0, null);
    }

    /** @return this item with the document's head length (characters) and root name */
    PosLogItem in(long documentHeadChars, String documentRootName) {
        return new PosLogItem(index, fromChar, toChar, charset, transaction, reason, detail, key, documentHeadChars,
                documentRootName);
    }

    /** @return whether the transaction mapped to events */
    public boolean accepted() {
        return transaction != null;
    }

    /** @return the transaction's first event (the sale side of an exchange), or {@code null} when rejected */
    public PosEvent event() {
        return transaction == null ? null : transaction.events().get(0);
    }

    /**
     * @param source the document this item came from
     * @return the original bytes of this {@code Transaction} element, in the document's encoding
     */
    public byte[] originalBytes(PosLogSource source) throws IOException {
        return source.slice(charset, fromChar, toChar);
    }

    /**
     * What makes this transaction's bytes a whole document again: the document's head (XML declaration, anything
     * before the root, the root's start tag with its namespace declarations and attributes, as the till wrote them)
     * and the root's end tag. {@code head + transaction + tail}, encoded in {@code charset}, is a POSLog document of
     * this one transaction.
     *
     * @param head    the document's text up to the end of the root's start tag
     * @param tail    the root's end tag, e.g. {@code </POSLog>} or {@code </poslog:POSLog>}
     * @param charset the document's encoding, also that of the transaction's original bytes
     */
    public record Envelope(String head, String tail, Charset charset) {
    }

    /**
     * @param source the document this item came from
     * @return the envelope of this transaction, or {@code null} when the root is unknown or its head is longer than
     *         {@value #MAX_HEAD_CHARS} characters
     * @throws IOException when the document cannot be read
     */
    public Envelope envelope(PosLogSource source) throws IOException {
        if (rootName == null || headChars <= 0 || headChars > MAX_HEAD_CHARS) {
            return null;
        }
        String head = new String(source.slice(charset, 0, headChars), charset);
        if (!head.isEmpty() && head.charAt(0) == '\uFEFF') {
            head = head.substring(1);
        }
        return new Envelope(head, "</" + rootName + ">", charset);
    }
}
