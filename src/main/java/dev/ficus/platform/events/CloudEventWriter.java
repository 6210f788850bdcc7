package dev.ficus.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * Writes CloudEvents 1.0 in the JSON event format, structured content mode: the whole event is one JSON object,
 * sent with media type {@value #MEDIA_TYPE}. Sources: CloudEvents 1.0.2 specification and "JSON Event Format for
 * CloudEvents" 1.0.2 (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md).
 *
 * <p>The one writer of change data capture ({@code dev.ficus.cdc}) and POS ingest ({@code dev.ficus.pos}) events.
 * Members in this order, compact, UTF-8 when encoded: {@code specversion} ({@value #SPEC_VERSION}), {@code id},
 * {@code source}, {@code type}, {@code subject} (only when present), {@code time} (only when present),
 * {@code datacontenttype} ({@value #DATA_CONTENT_TYPE}), the extensions in their order (String as a JSON string,
 * Boolean as a JSON boolean, Integer as a JSON number, as the JSON format maps them), then {@code data} (left out
 * when there is none). Consumers compare these bytes and ids, so the layout does not follow Spring's mapper
 * settings: indentation, sorted properties and non-ASCII escaping are switched off, {@code null} members inside
 * {@code data} are kept.
 *
 * <p>Thread-safe; the bean {@code cloudEventWriter} is built on Spring's {@link ObjectMapper}.
 */
@Component
public final class CloudEventWriter {

    /** CloudEvents {@code specversion}. */
    public static final String SPEC_VERSION = "1.0";
    /** {@code datacontenttype} of every Ficus event: {@code data} is JSON. */
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** Media type of an event in structured content mode (JSON event format, section 3). */
    public static final String MEDIA_TYPE = "application/cloudevents+json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectWriter writer;

    /** @param json Spring's mapper; its writer is used with the fixed settings described above */
    public CloudEventWriter(ObjectMapper json) {
        this.writer = json.writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .with(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)
                .with(JsonNodeFeature.WRITE_NULL_PROPERTIES)
                .without(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                .without(JsonWriteFeature.ESCAPE_NON_ASCII);
    }

    /**
     * @param event the event
     * @return the event as a JSON object, members in the order above
     */
    public ObjectNode toJson(CloudEvent event) {
        ObjectNode json = NODES.objectNode();
        json.put("specversion", SPEC_VERSION);
        json.put("id", event.id());
        json.put("source", event.source());
        json.put("type", event.type());
        if (event.subject() != null) {
            json.put("subject", event.subject());
        }
        if (event.time() != null) {
            json.put("time", event.time());
        }
        json.put("datacontenttype", DATA_CONTENT_TYPE);
        event.extensions().forEach((name, value) -> {
            if (value instanceof Boolean b) {
                json.put(name, b);
            } else if (value instanceof Integer i) {
                json.put(name, i);
            } else {
                json.put(name, (String) value);
            }
        });
        if (event.data() != null) {
            json.set("data", event.data());
        }
        return json;
    }

    /**
     * @param event the event
     * @return the event as compact JSON text ({@value #MEDIA_TYPE})
     */
    public String write(CloudEvent event) {
        return write(toJson(event));
    }

    /**
     * @param cloudEvent an event object built by {@link #toJson(CloudEvent)}
     * @return it as compact JSON text ({@value #MEDIA_TYPE})
     * @throws IllegalStateException when Jackson cannot write it (only for node types JSON cannot hold)
     */
    public String write(JsonNode cloudEvent) {
        try {
            return writer.writeValueAsString(cloudEvent);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CloudEvent", e);
        }
    }
}
