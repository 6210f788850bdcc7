package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Outcome of one POSLog document: {@code received = published + duplicates + deadLettered} transactions.
 *
 * @param received     transactions read
 * @param published    transactions published as events
 * @param duplicates   transactions whose key was already recorded (nothing sent)
 * @param deadLettered transactions refused and dead-lettered
 * @param results      one result per transaction ({@code {index, key?, status: published|duplicate|rejected, type?,
 *                     eventId?, totalsBalanced?, reason?, detail?}}), or {@code null} when only counted
 */
record IngestReport(int received, int published, int duplicates, int deadLettered, ArrayNode results) {

    /** @return the report as JSON ({@code received, published, duplicates, deadLettered, results[]?}) */
    ObjectNode json() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("received", received);
        n.put("published", published);
        n.put("duplicates", duplicates);
        n.put("deadLettered", deadLettered);
        if (results != null) {
            n.set("results", results);
        }
        return n;
    }
}
