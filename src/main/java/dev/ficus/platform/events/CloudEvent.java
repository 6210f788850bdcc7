package dev.ficus.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The attributes of one CloudEvents 1.0 event before it is written ({@link CloudEventWriter}). Source: CloudEvents
 * 1.0.2 specification, "Context Attributes" (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md).
 *
 * @param id         REQUIRED {@code id}, unique per {@code source}; Ficus uses a name-based UUID
 *                   ({@link #nameBasedId(String)}) so that a re-sent event has the same id
 * @param source     REQUIRED {@code source}, a URI-reference naming where the event happened
 * @param type       REQUIRED {@code type}, reverse-DNS style, e.g. {@code retail.pos.sale-completed}; Ficus also
 *                   uses it as the Artemis multicast address
 * @param subject    OPTIONAL {@code subject} (the entity within the source), {@code null} to leave it out
 * @param time       OPTIONAL {@code time}, an RFC 3339 timestamp already formatted, {@code null} to leave it out
 * @param extensions extension context attributes in the order they are written; names are lower-case ASCII
 *                   letters and digits (spec: "Attribute Naming Convention"), at most 20 characters, and no
 *                   context attribute name; values are {@link String}, {@link Boolean} or {@link Integer}
 *                   (spec types String, Boolean, Integer)
 * @param data       the event payload, written as JSON ({@code datacontenttype} {@code application/json})
 */
public record CloudEvent(String id, String source, String type, String subject, String time,
                         Map<String, Object> extensions, JsonNode data) {

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
    private static final Set<String> CONTEXT_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject",
            "time", "datacontenttype", "dataschema", "data", "data_base64");

    /**
     * @throws IllegalArgumentException when a required attribute is blank, an extension name breaks the naming
     *                                  convention or an extension value has a type other than those listed
     */
    public CloudEvent {
        requireText(id, "id");
        requireText(source, "source");
        requireText(type, "type");
        Map<String, Object> copy = new LinkedHashMap<>();
        (extensions == null ? Map.<String, Object>of() : extensions).forEach((name, value) -> {
            if (!EXTENSION_NAME.matcher(name).matches() || CONTEXT_ATTRIBUTES.contains(name)) {
                throw new IllegalArgumentException("CloudEvents extension name '" + name + "' must be 1-20 "
                        + "lower-case letters or digits and no context attribute name");
            }
            if (!(value instanceof String || value instanceof Boolean || value instanceof Integer)) {
                throw new IllegalArgumentException("CloudEvents extension " + name + " must be a String, Boolean "
                        + "or Integer, not " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            copy.put(name, value);
        });
        extensions = Collections.unmodifiableMap(copy);
    }

    /**
     * A name-based (version 3, MD5) UUID of {@code name} in UTF-8: the same name always gives the same id.
     *
     * @param name what identifies the event, e.g. {@code ficus-pos:<idempotency key>}
     * @return the UUID in its canonical text form
     */
    public static String nameBasedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void requireText(String value, String attribute) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("CloudEvents attribute " + attribute + " is required");
        }
    }
}
