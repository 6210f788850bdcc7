package dev.ficus.pos;

import java.io.IOException;
import java.nio.charset.Charset;

/**
 * One transaction of a POSLog document: its position ({@code index} from 0; {@code fromChar}/{@code toChar}, the
 * character range of its {@code Transaction} element in the decoded document, and the document's
 * {@code charset}) and either the mapped {@link PosTransaction} or a rejection ({@code reason} code of
 * {@link PosTransactionException}, {@code detail}, and the idempotency key when it could be formed).
 */
public record PosLogItem(int index, long fromChar, long toChar, Charset charset, PosTransaction transaction,
                         String reason, String detail, String key) {

    static PosLogItem mapped(int index, long from, long to, Charset charset, PosTransaction transaction) {
        return new PosLogItem(index, from, to, charset, transaction, null, null, transaction.key());
    }

    static PosLogItem rejected(int index, long from, long to, Charset charset, String reason, String detail,
                               String key) {
        return new PosLogItem(index, from, to, charset, null, reason, detail, key);
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
}
