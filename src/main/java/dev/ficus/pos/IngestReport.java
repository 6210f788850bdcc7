package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Outcome of one POSLog document: {@code received = published + duplicates + deadLettered} transactions.
 *
 * @param received     transactions read
 * @param published    transactions published as events (corrections included)
 * @param duplicates   transactions whose content was already published under their key (nothing sent)
 * @param deadLettered transactions refused and dead-lettered (key conflicts included)
 * @param results      one result per transaction ({@code {index, key?, type?, eventId?, returnEventId? (exchange),
 *                     status: published|corrected|duplicate|rejected, correctionOf?, totalsBalanced?, reason?,
 *                     detail?}}), or {@code null} when only counted
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
