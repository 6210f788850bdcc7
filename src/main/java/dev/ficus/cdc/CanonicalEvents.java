package dev.ficus.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEvent;
import dev.ficus.platform.events.CloudEventWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a Debezium change record (Kafka Connect {@link SourceRecord} of the PostgreSQL connector) into canonical
 * CloudEvents 1.0, written by the shared {@link CloudEventWriter} (JSON event format, structured mode): spec
 * attributes {@code specversion id source type subject time datacontenttype data}, extensions {@code lsn},
 * {@code table} and, for rows read by a snapshot, {@code snapshot}. The types come from {@link CdcEventTypes}, the
 * values from {@link DebeziumValues}.
 *
 * <p>{@code id} is a name-based UUID of LSN, table, key, operation and type, so the same change always has the same
 * id; {@code subject} the entity key ({@code 11}, {@code 10248/11}), absent for a truncate; {@code time} the commit
 * time in UTC. Extension {@code snapshot} is Debezium's {@code source.snapshot} in lower case, present only on rows
 * read by a snapshot: {@code first} (first row of the whole initial snapshot), {@code first_in_data_collection}
 * (first row of a table), {@code true} (any other row), {@code last_in_data_collection} (last row of a table),
 * {@code last} (last row of the whole snapshot, which is also the last row of its table), or {@code incremental} (a
 * row re-read by an incremental snapshot, which carries no first/last marks). A consumer that builds a read model
 * knows it holds a table's complete initial snapshot once it has applied the row marked
 * {@code last_in_data_collection} or {@code last} of that table (an empty table has no rows and so no mark).
 * Streamed changes have no {@code snapshot} attribute.
 *
 * <p>{@code data} is {@code {"op", "table", "key", "before", "after", "unchanged"?}}: {@code op} is one of
 * {@code create update delete snapshot truncate}. A TOASTed value the update did not change (Debezium's
 * placeholder) never appears: the column is left out of {@code after} and named in {@code unchanged}, unless the
 * before image (REPLICA IDENTITY FULL) holds it.
 *
 * <p>Heartbeats, tombstones, logical decoding messages and changes of the signal table yield no event. Thread-safe.
 */
public final class CanonicalEvents {

    /** Debezium's placeholder of an unchanged TOASTed value; never in an event. */
    static final String UNAVAILABLE = DebeziumValues.UNAVAILABLE;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ReplicaIdentity replicaIdentity;
    private final String source;
    private final String signalTable;
    private final CdcEventTypes types;
    private final DebeziumValues values;
    private final CloudEventWriter writer;

    /**
     * @param source      CloudEvents {@code source} (names the legacy database)
     * @param typePrefix  prefix of default types
     * @param signalTable {@code schema.table} of the signal table, whose changes are dropped
     * @param tables      the captured tables with their rules
     * @param json        Spring's mapper, to read JSON columns
     * @param writer      the CloudEvents writer
     */
    public CanonicalEvents(String source, String typePrefix, String signalTable, List<CdcProperties.Table> tables,
                           ObjectMapper json, CloudEventWriter writer) {
        this(source, typePrefix, signalTable, tables, json, writer, ReplicaIdentity.FULL);
    }

    /**
     * @param replicaIdentity which columns a table's old image ({@code before}) really holds; the others are left
     *                        out of {@code data.before}, never invented
     */
    CanonicalEvents(String source, String typePrefix, String signalTable, List<CdcProperties.Table> tables,
                    ObjectMapper json, CloudEventWriter writer, ReplicaIdentity replicaIdentity) {
        this.replicaIdentity = replicaIdentity;
        this.source = source;
        this.signalTable = signalTable;
        this.types = new CdcEventTypes(typePrefix, tables);
        this.values = new DebeziumValues(json);
        this.writer = writer;
    }

    /** One change, converted, before it is typed. */
    private record Change(String op, String table, long lsn, long commitMs, String subject, String keyJson,
                          String snapshot, ObjectNode before, ObjectNode after, ObjectNode data) {
    }

    /**
     * @param record one record from the Debezium engine
     * @return the events for it, in order; empty for heartbeats, tombstones, messages and signals
     * @throws IllegalArgumentException when the operation is unknown
     * @throws RuntimeException         when a value cannot be converted
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
        Change change = change(record, value, sourceInfo, table);
        List<CanonicalEvent> events = new ArrayList<>();
        for (String type : types.typesFor(table, change.op(), change.before(), change.after())) {
            events.add(event(change, type));
        }
        return events;
    }

    private Change change(SourceRecord record, Struct value, Struct sourceInfo, String table) {
        String op = operation(value.getString("op"), table);
        Struct before = value.schema().field("before") == null ? null : value.getStruct("before");
        Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
        Struct key = record.key() instanceof Struct k ? k : null;

        ObjectNode keyNode = key == null ? null : (ObjectNode) values.toJson(key.schema(), key, null);
        Set<String> unchanged = new LinkedHashSet<>();
        ObjectNode beforeNode = before == null ? null : (ObjectNode) values.toJson(before.schema(), before, null);
        if (beforeNode != null) {
            replicaIdentity.oldImageColumns(table).ifPresent(columns -> beforeNode.retain(columns));
        }
        ObjectNode afterNode = after == null ? null : (ObjectNode) values.toJson(after.schema(), after, unchanged);
        if (afterNode != null && beforeNode != null && !unchanged.isEmpty()) {
            afterNode = DebeziumValues.fillFromBefore(after, afterNode, beforeNode, unchanged);
        }
        Long lsn = sourceInfo.schema().field("lsn") == null ? null : sourceInfo.getInt64("lsn");

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
        return new Change(op, table, lsn == null ? 0L : lsn, sourceInfo.getInt64("ts_ms"),
                key == null ? null : values.subject(key), keyNode == null ? "" : keyNode.toString(),
                snapshotMark(sourceInfo), beforeNode, afterNode, data);
    }

    private CanonicalEvent event(Change c, String type) {
        String id = CloudEvent.nameBasedId(String.join("|", Long.toString(c.lsn()), c.table(), c.keyJson(), c.op(),
                type));
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("lsn", Long.toString(c.lsn()));
        extensions.put("table", c.table());
        if (c.snapshot() != null) {
            extensions.put("snapshot", c.snapshot());
        }
        String json = writer.write(new CloudEvent(id, source, type, c.subject(),
                DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(c.commitMs())), extensions, c.data()));
        String groupId = c.table() + "/" + (c.subject() == null ? "" : c.subject());
        return new CanonicalEvent(id, type, c.subject(), groupId, c.table(), c.lsn(), c.commitMs(), json);
    }

    /** @return the canonical name of a Debezium operation code */
    static String operation(String code, String table) {
        return switch (code) {
            case "c" -> "create";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "snapshot";
            case "t" -> "truncate";
            default -> throw new IllegalArgumentException("unknown Debezium operation " + code + " on " + table);
        };
    }

    /** @return Debezium's {@code source.snapshot} in lower case, or {@code null} for a streamed change */
    static String snapshotMark(Struct sourceInfo) {
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
}
