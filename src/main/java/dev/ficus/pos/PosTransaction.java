package dev.ficus.pos;

import java.util.List;

/**
 * One mapped POSLog transaction: what the idempotent consumer decides on, and the events it publishes.
 *
 * @param key         idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}
 * @param storeId     the store, for its settings ({@code pos.stores.<id>.*})
 * @param contentHash {@link ContentHash} of the canonical transaction: equal for a resend, different for other
 *                    content under the same key
 * @param events      one event, or two for an exchange (sale side first, then the return side)
 */
record PosTransaction(String key, String storeId, String contentHash, List<PosEvent> events) {

    PosTransaction {
        events = List.copyOf(events);
    }
}
