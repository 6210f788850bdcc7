package dev.ficus.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEvent;
import dev.ficus.platform.events.CloudEventWriter;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns the events of a later version of a transaction into corrections of the version published before (stores
 * with {@code later-version-wins}): each event gets a new {@code id} (a name-based UUID of its original id and the
 * new content hash, so a resent correction has the same id and the broker drops the copy), the CloudEvents
 * extension {@value #EXT_CORRECTION_OF} = the CloudEvents id of the version it corrects, and
 * {@code data.correctionOf = {eventId, contentHash}} naming that version.
 */
final class PosCorrections {

    /** CloudEvents extension: id of the event a correction replaces. */
    static final String EXT_CORRECTION_OF = "ficuscorrectionof";

    private PosCorrections() {
    }

    /**
     * @param event           an event as mapped
     * @param contentHash     the new version's content hash
     * @param previousEventId the CloudEvents id recorded for the version it corrects
     * @param previousHash    that version's content hash
     * @param writer          the CloudEvents writer
     * @return the correction event
     */
    static PosEvent correction(PosEvent event, String contentHash, String previousEventId, String previousHash,
                               CloudEventWriter writer) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = event.cloudEvent().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            switch (f.getKey()) {
                case "id" -> json.put("id", CloudEvent.nameBasedId(event.id() + "#" + contentHash));
                case "data" -> {
                    json.put(EXT_CORRECTION_OF, previousEventId);
                    ObjectNode data = f.getValue().deepCopy();
                    data.putObject("correctionOf").put("eventId", previousEventId).put("contentHash", previousHash);
                    json.set("data", data);
                }
                default -> json.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        return new PosEvent(event.key(), event.type(), event.balanced(), json, writer.write(json));
    }
}
