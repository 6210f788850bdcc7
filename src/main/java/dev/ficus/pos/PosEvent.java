package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One canonical POS event: a CloudEvents 1.0 JSON object (structured mode) with its routing facts.
 *
 * @param key        idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}
 * @param type       CloudEvents type, one of {@link PosEventMapper#SALE}, {@link PosEventMapper#RETURN},
 *                   {@link PosEventMapper#VOIDED}, {@link PosEventMapper#CONTROL}
 * @param balanced   whether every totals cross-check held (always {@code true} for control events)
 * @param cloudEvent the event, {@code data} holding the canonical transaction
 */
public record PosEvent(String key, String type, boolean balanced, ObjectNode cloudEvent) {

    /** @return the event as compact JSON ({@code application/cloudevents+json}) */
    public String json() {
        return cloudEvent.toString();
    }
}
