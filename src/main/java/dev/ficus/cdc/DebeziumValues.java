package dev.ficus.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Converts the values of a Debezium PostgreSQL change (Kafka Connect {@link Struct}s with
 * {@code decimal.handling.mode=precise} and {@code time.precision.mode=adaptive_time_microseconds}) to canonical
 * JSON: decimals are strings with their exact scale ({@code "21.00"}), timestamps ISO-8601 in UTC
 * ({@code 2024-03-31T02:30:00Z}; a {@code timestamp without time zone} is read as UTC, never shifted by the JVM's
 * zone), dates {@code yyyy-MM-dd}, times {@code HH:mm:ss[.ffffff]}, bytes Base64, JSON columns embedded (kept as a
 * string when they do not parse), structs and maps objects, arrays arrays, other numbers and booleans as such.
 *
 * <p>A TOASTed value an update did not change is Debezium's placeholder {@value #UNAVAILABLE} (as text, bytes or a
 * one-element array): at the top level of a row it is left out and its column collected as unchanged. Thread-safe.
 */
final class DebeziumValues {

    /** Debezium's placeholder of an unchanged TOASTed value ({@code unavailable.value.placeholder}'s default). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;

    /** @param json Spring's mapper, to read JSON columns */
    DebeziumValues(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param schema    Kafka Connect schema of the value
     * @param value     the value
     * @param unchanged where top-level columns holding the TOAST placeholder are collected; {@code null} for a value
     *                  that is not a row
     * @return canonical JSON of the value
     * @throws ClassCastException when a value does not have its schema's Java type
     */
    JsonNode toJson(Schema schema, Object value, Set<String> unchanged) {
        if (value == null) {
            return NODES.nullNode();
        }
        JsonNode logical = schema.name() == null ? null : logical(schema.name(), value);
        return logical != null ? logical : structural(schema, value, unchanged);
    }

    /** @return the JSON of a Kafka Connect or Debezium logical type, {@code null} when not one (or left as is) */
    private JsonNode logical(String name, Object value) {
        return switch (name) {
            case "org.apache.kafka.connect.data.Decimal" -> NODES.textNode(((BigDecimal) value).toPlainString());
            case "io.debezium.data.VariableScaleDecimal" -> {
                Struct s = (Struct) value;
                yield NODES.textNode(new BigDecimal(new BigInteger(s.getBytes("value")), s.getInt32("scale"))
                        .toPlainString());
            }
            case "io.debezium.time.Date" ->
                    NODES.textNode(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
            case "io.debezium.time.Timestamp" -> instant(Instant.ofEpochMilli(((Number) value).longValue()));
            case "io.debezium.time.MicroTimestamp" -> {
                long micros = ((Number) value).longValue();
                yield instant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000L));
            }
            case "io.debezium.time.NanoTimestamp" -> {
                long nanos = ((Number) value).longValue();
                yield instant(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                        Math.floorMod(nanos, 1_000_000_000L)));
            }
            case "io.debezium.time.ZonedTimestamp" -> value.equals(UNAVAILABLE) ? NODES.textNode(UNAVAILABLE)
                    : instant(OffsetDateTime.parse((String) value).toInstant());
            case "io.debezium.time.Time" ->
                    NODES.textNode(LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L).toString());
            case "io.debezium.time.MicroTime" ->
                    NODES.textNode(LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L).toString());
            case "io.debezium.data.Json" -> value.equals(UNAVAILABLE) ? null : jsonColumn((String) value);
            default -> null;
        };
    }

    private JsonNode jsonColumn(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }

    private JsonNode structural(Schema schema, Object value, Set<String> unchanged) {
        switch (schema.type()) {
            case STRUCT:
                return struct((Struct) value, unchanged);
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(toJson(schema.valueSchema(), item, null));
                }
                return array;
            }
            case MAP: {
                ObjectNode object = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> object.set(String.valueOf(k),
                        toJson(schema.valueSchema(), v, null)));
                return object;
            }
            case BYTES:
                return NODES.textNode(java.util.Base64.getEncoder().encodeToString(
                        value instanceof ByteBuffer b ? toArray(b) : (byte[]) value));
            case FLOAT32:
                return NODES.numberNode((Float) value);
            case FLOAT64:
                return NODES.numberNode((Double) value);
            case INT8:
                return NODES.numberNode((Byte) value);
            case INT16:
                return NODES.numberNode((Short) value);
            case INT32:
                return NODES.numberNode((Integer) value);
            case INT64:
                return NODES.numberNode((Long) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            default:
                return NODES.textNode(value.toString());
        }
    }

    private ObjectNode struct(Struct struct, Set<String> unchanged) {
        ObjectNode object = NODES.objectNode();
        for (Field f : struct.schema().fields()) {
            Object v = struct.get(f);
            if (unchanged != null && isPlaceholder(v)) {
                unchanged.add(f.name());
                continue;
            }
            object.set(f.name(), toJson(f.schema(), v, null));
        }
        return object;
    }

    /**
     * The entity key as text: the key columns' values joined by {@code /} ({@code 11}, {@code 10248/11}), text
     * values as they are, others as JSON.
     */
    String subject(Struct key) {
        List<String> parts = new ArrayList<>();
        for (Field f : key.schema().fields()) {
            JsonNode n = toJson(f.schema(), key.get(f), null);
            parts.add(n.isTextual() ? n.asText() : n.toString());
        }
        return String.join("/", parts);
    }

    /**
     * With REPLICA IDENTITY FULL the before image holds an unchanged TOASTed value: use it, in column order, and
     * take its column off {@code unchanged}.
     *
     * @return the after image with those values filled in
     */
    static ObjectNode fillFromBefore(Struct after, ObjectNode afterNode, ObjectNode beforeNode,
                                     Set<String> unchanged) {
        ObjectNode filled = NODES.objectNode();
        for (Field f : after.schema().fields()) {
            JsonNode known = beforeNode.get(f.name());
            if (afterNode.has(f.name())) {
                filled.set(f.name(), afterNode.get(f.name()));
            } else if (unchanged.contains(f.name()) && known != null && !known.isNull()
                    && !(known.isTextual() && known.asText().equals(UNAVAILABLE))) {
                filled.set(f.name(), known);
                unchanged.remove(f.name());
            }
        }
        return filled;
    }

    static boolean isPlaceholder(Object v) {
        if (v instanceof String s) {
            return s.equals(UNAVAILABLE);
        }
        if (v instanceof byte[] b) {
            return Arrays.equals(b, UNAVAILABLE_BYTES);
        }
        if (v instanceof ByteBuffer b) {
            return Arrays.equals(toArray(b), UNAVAILABLE_BYTES);
        }
        if (v instanceof List<?> list) {
            return list.size() == 1 && isPlaceholder(list.get(0));
        }
        return false;
    }

    private static byte[] toArray(ByteBuffer b) {
        ByteBuffer copy = b.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static JsonNode instant(Instant instant) {
        return NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
}
