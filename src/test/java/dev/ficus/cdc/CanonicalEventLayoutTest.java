package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Event ids, types, subjects, group ids and the exact JSON bytes of the change events stay what consumers have seen so
 * far: {@code golden/cdc-events.txt} was written by the mapping before it was split into pieces and moved onto the
 * shared CloudEvents writer. The row holds every value type the conversion knows, TOAST placeholders included. A
 * difference here changes what is on the wire; change the file only on purpose.
 */
class CanonicalEventLayoutTest {

    static final Schema VSD = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct().name("row").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("code", Schema.STRING_SCHEMA)
            .field("price", Decimal.builder(2).optional().build())
            .field("vsd", VSD)
            .field("d", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.Timestamp").optional().build())
            .field("mts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("nts", SchemaBuilder.int64().name("io.debezium.time.NanoTimestamp").optional().build())
            .field("zts", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("t", SchemaBuilder.int32().name("io.debezium.time.Time").optional().build())
            .field("mt", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("j", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("j2", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("b", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("arr", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("m", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).optional().build())
            .field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("bool", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .build();
    static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT32_SCHEMA)
            .field("code", Schema.STRING_SCHEMA).build();
    static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build()).build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .build();

    static Struct row(int id, String notes, boolean placeholders) {
        Struct r = new Struct(ROW).put("id", id).put("code", "c/" + id).put("price", new BigDecimal("21.50"))
                .put("vsd", new Struct(VSD).put("scale", 3).put("value", new BigInteger("-123456").toByteArray()))
                .put("d", 19_000).put("ts", 1_711_845_000_123L).put("mts", -1_234_567L)
                .put("nts", 1_711_845_000_123_456_789L).put("zts", "2024-03-31T02:30:00+02:00").put("t", 3_600_001)
                .put("mt", 3_600_000_001L).put("j", "{\"a\":[1,2.5,\"x\"],\"b\":null}").put("j2", "not json{")
                .put("b", new byte[] {1, 2, 3}).put("arr", Arrays.asList("x", null))
                .put("m", Map.of("k", 5L)).put("f32", 1.5f).put("f64", 2.25d).put("i8", (byte) 3)
                .put("i16", (short) 4).put("bool", true).put("notes", notes);
        if (placeholders) {
            r.put("blob", ByteBuffer.wrap(CanonicalEvents.UNAVAILABLE.getBytes(StandardCharsets.UTF_8)))
                    .put("tags", List.of(CanonicalEvents.UNAVAILABLE))
                    .put("zts", CanonicalEvents.UNAVAILABLE).put("j", CanonicalEvents.UNAVAILABLE);
        } else {
            r.put("blob", new byte[] {9}).put("tags", List.of("t"));
        }
        return r;
    }

    static SourceRecord record(String op, Struct before, Struct after, Long lsn, String snapshot, String table,
                               boolean key) {
        Struct source = new Struct(SOURCE).put("schema", table.split("\\.")[0]).put("table", table.split("\\.")[1])
                .put("lsn", lsn).put("ts_ms", 1_711_845_000_000L);
        if (snapshot != null) {
            source.put("snapshot", snapshot);
        }
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source)
                .put("op", op);
        return new SourceRecord(Map.of(), Map.of(), "t", null, key ? KEY : null,
                key ? new Struct(KEY).put("id", 7).put("code", "a/b") : null, ENVELOPE, value);
    }

    static CanonicalEvents canonical(ObjectMapper json) {
        return new CanonicalEvents("postgresql://db:5432/northwind", "retail", "ficus.cdc_signal", List.of(
                new CdcProperties.Table("public.products", "product", List.of(
                        new CdcProperties.EventRule("retail.product.changed",
                                List.of("create", "update", "delete", "snapshot", "truncate"), null),
                        new CdcProperties.EventRule("retail.inventory.stock-changed", List.of("create", "update"),
                                List.of("notes")))),
                new CdcProperties.Table("public.orders", "", null),
                new CdcProperties.Table("public.order_details", "order-line", null)), json, new CloudEventWriter(json));
    }

    static String describe(CanonicalEvents canonical) {
        List<SourceRecord> records = List.of(
                record("c", null, row(1, "n", false), 10L, null, "public.products", true),
                record("u", row(1, "n", false), row(1, "n", false), 11L, null, "public.products", true),
                record("u", row(1, "n", false), row(1, "m", true), 12L, null, "public.products", true),
                record("u", null, row(1, "m", true), 12L, null, "public.products", true),
                record("d", row(1, "n", false), null, 13L, null, "public.products", true),
                record("r", null, row(1, "n", false), null, "LAST_IN_DATA_COLLECTION", "public.products", true),
                record("t", null, null, 14L, null, "public.products", false),
                record("c", null, row(2, "n", false), 15L, null, "public.orders", true),
                record("u", row(2, "n", false), row(2, "o", false), 16L, "false", "public.order_details", true),
                record("t", null, null, 17L, null, "public.order_details", false),
                record("r", null, row(3, null, false), 18L, "incremental", "public.other", true),
                record("c", null, row(3, null, false), 18L, null, "ficus.cdc_signal", true),
                record("m", null, null, 18L, null, "public.products", true));
        StringBuilder out = new StringBuilder();
        for (SourceRecord r : records) {
            for (CanonicalEvent e : canonical.toEvents(r)) {
                out.append(e.id()).append(' ').append(e.type()).append(' ').append(e.subject()).append(' ')
                        .append(e.groupId()).append(' ').append(e.table()).append(' ').append(e.lsn()).append(' ')
                        .append(e.commitTimeMs()).append('\n').append(e.json()).append('\n');
            }
            out.append("--\n");
        }
        out.append(canonical.toEvents(new SourceRecord(Map.of(), Map.of(), "t", null, null, null))).append('\n');
        return out.toString();
    }

    @Test
    void shouldWriteTheSameEventsByteForByte() throws IOException {
        try (InputStream in = CanonicalEventLayoutTest.class.getResourceAsStream("/golden/cdc-events.txt")) {
            assertThat(describe(canonical(new ObjectMapper())))
                    .isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
