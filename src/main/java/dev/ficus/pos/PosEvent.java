package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One canonical POS event: a CloudEvents 1.0 event (JSON event format, structured mode) with its routing facts.
 *
 * @param key        idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}
 * @param type       CloudEvents type, one of the types of {@link PosEventMapper}
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

    /**
     * @return whether route {@code pos-posting} may post this event to legacy (JMS property {@code FicusPosPost}):
     *     a sale or return, not in training mode, and not the return side of an exchange (the sale side carries
     *     the exchange's return lines)
     */
    public boolean postToLegacy() {
        boolean posted = type.equals(PosEventMapper.SALE) || type.equals(PosEventMapper.RETURN);
        ObjectNode data = (ObjectNode) cloudEvent.get("data");
        return posted && data != null && !data.path("trainingMode").asBoolean(false)
                && !"return".equals(data.path("exchange").path("role").asText());
    }

    /** @return the CloudEvents id of the event this one corrects ({@code ficuscorrectionof}), or {@code null} */
    public String correctionOf() {
        return cloudEvent.has(PosCorrections.EXT_CORRECTION_OF)
                ? cloudEvent.get(PosCorrections.EXT_CORRECTION_OF).asText() : null;
    }
}
