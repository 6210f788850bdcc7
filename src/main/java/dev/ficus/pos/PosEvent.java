package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One canonical POS event: a CloudEvents 1.0 event (JSON event format, structured mode) with its routing facts.
 *
 * @param key        idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}
 * @param type       CloudEvents type, one of {@link PosEventMapper#SALE}, {@link PosEventMapper#RETURN},
 *                   {@link PosEventMapper#VOIDED}, {@link PosEventMapper#CONTROL}
 * @param balanced   whether every totals cross-check held (always {@code true} for control events)
 * @param cloudEvent the event as a JSON object, {@code data} holding the canonical transaction; read it, do not
 *                   change it ({@code json} was written from it)
 * @param json       the event as compact JSON text ({@code application/cloudevents+json}), as published
 */
public record PosEvent(String key, String type, boolean balanced, ObjectNode cloudEvent, String json) {

    /** @return the CloudEvents {@code id} */
    public String id() {
        return cloudEvent.get("id").asText();
    }
}
