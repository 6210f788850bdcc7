package dev.ficus.pos;

/**
 * The durable record of published POS transactions: per idempotency key, every version published (content hash,
 * version number from 1, CloudEvents id of its first event). Implemented on table
 * {@code ficus.pos_processed_transaction} by {@link JdbcProcessedTransactions}.
 */
interface ProcessedTransactions {

    /**
     * One published version of a transaction.
     *
     * @param contentHash its {@link ContentHash}; empty for a key recorded before hashes were kept (Flyway V31),
     *                    whose content is unknown
     * @param version     1 for the first version, +1 for each correction
     * @param eventId     CloudEvents id of its (first) event, or {@code null} when not known
     */
    record Version(String contentHash, int version, String eventId) {
    }

    /**
     * @param key the idempotency key
     * @return the latest version published under {@code key}, or {@code null} when none
     */
    Version latest(String key);

    /**
     * @param key         the idempotency key
     * @param contentHash a content hash
     * @return whether that content was ever published under {@code key} (any version)
     */
    boolean contains(String key, String contentHash);

    /**
     * Records a published version.
     *
     * @param key     the idempotency key
     * @param version what was published
     * @return {@code false} when that version number or content was recorded for {@code key} already (a concurrent
     *     ingest got there first); nothing is changed then
     */
    boolean record(String key, Version version);
}
