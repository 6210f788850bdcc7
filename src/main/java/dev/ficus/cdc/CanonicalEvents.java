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
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium change record (Kafka Connect {@link SourceRecord} of the PostgreSQL connector, with
 * {@code decimal.handling.mode=precise} and {@code time.precision.mode=adaptive_time_microseconds}) into canonical
 * CloudEvents 1.0 (JSON structured mode, spec attributes {@code specversion id source type subject time
 * datacontenttype data}, extensions {@code lsn}, {@code table} and, for rows read by a snapshot, {@code snapshot}).
 *
 * <p>Extension {@code snapshot} is Debezium's {@code source.snapshot} in lower case, present only on rows read by a
 * snapshot: {@code first} (first row of the whole initial snapshot), {@code first_in_data_collection} (first row of
 * a table), {@code true} (any other row), {@code last_in_data_collection} (last row of a table), {@code last} (last
 * row of the whole snapshot, which is also the last row of its table), or {@code incremental} (a row re-read by an
 * incremental snapshot, which carries no first/last marks). A consumer that builds a read model knows it holds a
 * table's complete initial snapshot once it has applied the row marked {@code last_in_data_collection} or
 * {@code last} of that table (an empty table has no rows and so no mark). Streamed changes have no
 * {@code snapshot} attribute.
 *
 * <p>{@code data} is {@code {"op", "table", "key", "before", "after", "unchanged"?}}: {@code op} is one of
 * {@code create update delete snapshot truncate}; decimals are strings with their exact scale ({@code "21.00"}),
 * timestamps ISO-8601 in UTC ({@code 2024-03-31T02:30:00Z}; a {@code timestamp without time zone} is read as UTC,
 * never shifted by the JVM's zone), dates {@code yyyy-MM-dd}, times {@code HH:mm:ss[.ffffff]}, bytes Base64, JSON
 * columns embedded. A TOASTed value the update did not change (Debezium's placeholder) never appears: the column
 * is left out of {@code after} and named in {@code unchanged}.
 *
 * <p>Heartbeats, tombstones, logical decoding messages and changes of the signal table yield no event. Thread-safe.
 */
public final class CanonicalEvents {

    static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final String typePrefix;
    private final String signalTable;
    private final Map<String, CdcProperties.Table> tables = new HashMap<>();

    /**
     * @param source      CloudEvents {@code source} (names the legacy database)
     * @param typePrefix  prefix of default types
     * @param signalTable {@code schema.table} of the signal table, whose changes are dropped
     * @param tables      the captured tables with their rules
     */
    public CanonicalEvents(String source, String typePrefix, String signalTable, List<CdcProperties.Table> tables) {
        this.source = source;
        this.typePrefix = typePrefix;
        this.signalTable = signalTable;
        for (CdcProperties.Table t : tables) {
            this.tables.put(t.name(), t);
        }
    }

    /**
     * @param record one record from the Debezium engine
     * @return the events for it, in order; empty for heartbeats, tombstones and signals
     * @throws IllegalArgumentException when a value cannot be converted (the message names the column)
     */
    public List<CanonicalEvent> toEvents(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return List.of();
        }
        if ("m".equals(value.getString("op"))) {
            return List.of();   // a logical decoding message, e.g. the heartbeat action query's
        }
        Struct sourceInfo = value.getStruct("source");
        String table = sourceInfo.getString("schema") + "." + sourceInfo.getString("table");
        if (table.equals(signalTable)) {
            return List.of();
        }
        String opCode = value.getString("op");
        String op = switch (opCode) {
            case "c" -> "create";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "snapshot";
            case "t" -> "truncate";
            default -> throw new IllegalArgumentException("unknown Debezium operation " + opCode + " on " + table);
        };
        Struct before = value.schema().field("before") == null ? null : value.getStruct("before");
        Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
        Struct key = record.key() instanceof Struct k ? k : null;

        ObjectNode keyNode = key == null ? null : (ObjectNode) toJson(key.schema(), key, null);
        Set<String> unchanged = new LinkedHashSet<>();
        ObjectNode beforeNode = before == null ? null : (ObjectNode) toJson(before.schema(), before, null);
        ObjectNode afterNode = after == null ? null : (ObjectNode) toJson(after.schema(), after, unchanged);
        if (afterNode != null && beforeNode != null && !unchanged.isEmpty()) {
            afterNode = fillFromBefore(after, afterNode, beforeNode, unchanged);
        }

        Long lsnValue = sourceInfo.schema().field("lsn") == null ? null : sourceInfo.getInt64("lsn");
        long lsn = lsnValue == null ? 0L : lsnValue;
        long commitMs = sourceInfo.getInt64("ts_ms");
        String subject = key == null ? null : subject(key);
        String snapshot = snapshotMark(sourceInfo);

        ObjectNode data = NODES.objectNode();
        data.put("op", op);
        data.put("table", table);
        data.set("key", keyNode == null ? NODES.nullNode() : keyNode);
        data.set("before", beforeNode == null ? NODES.nullNode() : beforeNode);
        data.set("after", afterNode == null ? NODES.nullNode() : afterNode);
        if (!unchanged.isEmpty()) {
            ArrayNode names = data.putArray("unchanged");
            unchanged.forEach(names::add);
        }

        List<CanonicalEvent> events = new ArrayList<>();
        for (String type : typesFor(table, op, beforeNode, afterNode)) {
            String id = UUID.nameUUIDFromBytes(String.join("|", Long.toString(lsn), table,
                    keyNode == null ? "" : keyNode.toString(), op, type).getBytes(StandardCharsets.UTF_8)).toString();
            ObjectNode event = NODES.objectNode();
            event.put("specversion", "1.0");
            event.put("id", id);
            event.put("source", source);
            event.put("type", type);
            if (subject != null) {
                event.put("subject", subject);
            }
            event.put("time", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(commitMs)));
            event.put("datacontenttype", "application/json");
            event.put("lsn", Long.toString(lsn));
            event.put("table", table);
            if (snapshot != null) {
                event.put("snapshot", snapshot);
            }
            event.set("data", data);
            String groupId = table + "/" + (subject == null ? "" : subject);
            events.add(new CanonicalEvent(id, type, subject, groupId, table, lsn, commitMs, write(event)));
        }
        return events;
    }

    /** @return Debezium's {@code source.snapshot} in lower case, or {@code null} for a streamed change */
    private static String snapshotMark(Struct sourceInfo) {
        if (sourceInfo.schema().field("snapshot") == null) {
            return null;
        }
        Object mark = sourceInfo.get("snapshot");
        if (mark == null) {
            return null;
        }
        String text = mark.toString().toLowerCase(Locale.ROOT);
        return text.equals("false") ? null : text;
    }

    /** With REPLICA IDENTITY FULL the before image holds an unchanged TOASTed value: use it, in column order. */
    private static ObjectNode fillFromBefore(Struct after, ObjectNode afterNode, ObjectNode beforeNode,
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

    private List<String> typesFor(String table, String op, ObjectNode before, ObjectNode after) {
        CdcProperties.Table config = tables.get(table);
        List<String> types = new ArrayList<>();
        if (config != null) {
            for (CdcProperties.EventRule rule : config.events()) {
                if (rule.operations().contains(op) && changed(rule.whenChanged(), op, before, after)) {
                    types.add(rule.type());
                }
            }
        }
        if (types.isEmpty()) {
            String entity = config != null && config.entity() != null && !config.entity().isBlank()
                    ? config.entity() : table.substring(table.indexOf('.') + 1);
            String word = switch (op) {
                case "create" -> "created";
                case "update" -> "updated";
                case "delete" -> "deleted";
                case "truncate" -> "truncated";
                default -> "snapshot";
            };
            types.add(typePrefix + "." + entity + "." + word);
        }
        return types;
    }

    /** An update changed one of {@code columns}; unknown when there is no before image, which counts as changed. */
    private static boolean changed(List<String> columns, String op, ObjectNode before, ObjectNode after) {
        if (columns.isEmpty() || !op.equals("update") || before == null || after == null) {
            return true;
        }
        for (String column : columns) {
            if (!Objects.equals(before.get(column), after.get(column))) {
                return true;
            }
        }
        return false;
    }

    private static String subject(Struct key) {
        List<String> parts = new ArrayList<>();
        for (Field f : key.schema().fields()) {
            JsonNode n = toJson(f.schema(), key.get(f), null);
            parts.add(n.isTextual() ? n.asText() : n.toString());
        }
        return String.join("/", parts);
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CloudEvent", e);
        }
    }

    /**
     * @param schema    Kafka Connect schema of the value
     * @param value     the value
     * @param unchanged where top-level columns holding the TOAST placeholder are collected ({@code null} inside)
     * @return canonical JSON of the value
     */
    static JsonNode toJson(Schema schema, Object value, Set<String> unchanged) {
        if (value == null) {
            return NODES.nullNode();
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal":
                    return NODES.textNode(((BigDecimal) value).toPlainString());
                case "io.debezium.data.VariableScaleDecimal": {
                    Struct s = (Struct) value;
                    return NODES.textNode(new BigDecimal(new BigInteger(s.getBytes("value")), s.getInt32("scale"))
                            .toPlainString());
                }
                case "io.debezium.time.Date":
                    return NODES.textNode(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
                case "io.debezium.time.Timestamp":
                    return instant(Instant.ofEpochMilli(((Number) value).longValue()));
                case "io.debezium.time.MicroTimestamp": {
                    long micros = ((Number) value).longValue();
                    return instant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000L));
                }
                case "io.debezium.time.NanoTimestamp": {
                    long nanos = ((Number) value).longValue();
                    return instant(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                            Math.floorMod(nanos, 1_000_000_000L)));
                }
                case "io.debezium.time.ZonedTimestamp":
                    return value.equals(UNAVAILABLE) ? NODES.textNode(UNAVAILABLE)
                            : instant(OffsetDateTime.parse((String) value).toInstant());
                case "io.debezium.time.Time":
                    return NODES.textNode(LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L).toString());
                case "io.debezium.time.MicroTime":
                    return NODES.textNode(LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L).toString());
                case "io.debezium.data.Json":
                    if (!value.equals(UNAVAILABLE)) {
                        try {
                            return MAPPER.readTree((String) value);
                        } catch (JsonProcessingException e) {
                            return NODES.textNode((String) value);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct struct = (Struct) value;
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
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(toJson(schema.valueSchema(), item, null));
                }
                return array;
            }
            case MAP: {
                ObjectNode object = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> object.set(String.valueOf(k), toJson(schema.valueSchema(), v,
                        null)));
                return object;
            }
            case BYTES: {
                byte[] bytes = value instanceof ByteBuffer b ? toArray(b) : (byte[]) value;
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
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

    private static boolean isPlaceholder(Object v) {
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
