package dev.ficus.pos;

/**
 * What the idempotent consumer does with a transaction whose key may have been published before: a resend is only
 * a duplicate when its content (its {@link ContentHash}) was published under that key; other content under the same
 * key is a key conflict, or a correction when the store lets a later version win.
 */
enum KeyDecision {

    /** The key was never published: publish it. */
    NEW,
    /** This content was published under the key (any version), or the key predates content hashes: send nothing. */
    DUPLICATE,
    /** Other content under a published key, and the store keeps the first version: dead-letter as {@code key-conflict}. */
    CONFLICT,
    /** Other content under a published key, and the store lets a later version win: publish it as a correction. */
    CORRECTION;

    /**
     * @param latest           the latest version recorded under the key, or {@code null}
     * @param contentSeen      whether the transaction's content hash was recorded under the key (any version)
     * @param laterVersionWins the store's {@code later-version-wins}
     * @return the decision
     */
    static KeyDecision decide(ProcessedTransactions.Version latest, boolean contentSeen, boolean laterVersionWins) {
        if (latest == null) {
            return NEW;
        }
        if (contentSeen || latest.contentHash() == null || latest.contentHash().isEmpty()) {
            return DUPLICATE;
        }
        return laterVersionWins ? CORRECTION : CONFLICT;
    }
}
