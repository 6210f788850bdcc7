package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class DebeziumValuesTest {

    final DebeziumValues values = new DebeziumValues(new ObjectMapper());

    static Schema named(SchemaBuilder builder, String name) {
        return builder.name(name).optional().build();
    }

    String json(Schema schema, Object value) {
        return values.toJson(schema, value, null).toString();
    }

    @Test
    void shouldKeepTheExactScaleOfDecimals() {
        assertThat(json(Decimal.schema(2), new BigDecimal("21.00"))).isEqualTo("\"21.00\"");
        Schema vsd = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        assertThat(json(vsd, new Struct(vsd).put("scale", 3).put("value", BigInteger.valueOf(-1500).toByteArray())))
                .isEqualTo("\"-1.500\"");
    }

    @Test
    void shouldWriteTimesInUtcWhateverTheirPrecision() {
        assertThat(json(named(SchemaBuilder.int32(), "io.debezium.time.Date"), 0)).isEqualTo("\"1970-01-01\"");
        assertThat(json(named(SchemaBuilder.int64(), "io.debezium.time.Timestamp"), 1_711_852_200_000L))
                .isEqualTo("\"2024-03-31T02:30:00Z\"");
        assertThat(json(named(SchemaBuilder.int64(), "io.debezium.time.MicroTimestamp"), -1L))
                .as("before 1970").isEqualTo("\"1969-12-31T23:59:59.999999Z\"");
        assertThat(json(named(SchemaBuilder.int64(), "io.debezium.time.NanoTimestamp"), 1_500L))
                .isEqualTo("\"1970-01-01T00:00:00.000001500Z\"");
        assertThat(json(named(SchemaBuilder.string(), "io.debezium.time.ZonedTimestamp"),
                "2024-03-31T04:30:00+02:00")).isEqualTo("\"2024-03-31T02:30:00Z\"");
        assertThat(json(named(SchemaBuilder.int32(), "io.debezium.time.Time"), 3_723_004))
                .isEqualTo("\"01:02:03.004\"");
        assertThat(json(named(SchemaBuilder.int64(), "io.debezium.time.MicroTime"), 3_723_000_005L))
                .isEqualTo("\"01:02:03.000005\"");
    }

    @Test
    void shouldEmbedJsonColumnsAndKeepTextThatIsNotJson() {
        Schema json = named(SchemaBuilder.string(), "io.debezium.data.Json");

        assertThat(json(json, "{\"a\": [1, true]}")).isEqualTo("{\"a\":[1,true]}");
        assertThat(json(json, "{oops")).isEqualTo("\"{oops\"");
    }

    @Test
    void shouldWriteBytesAsBase64AndKeepOtherTypes() {
        assertThat(json(Schema.BYTES_SCHEMA, new byte[] {1, 2, 3})).isEqualTo("\"AQID\"");
        assertThat(json(Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo("\"AQID\"");
        assertThat(json(SchemaBuilder.array(Schema.INT16_SCHEMA).build(), List.of((short) 1, (short) 2)))
                .isEqualTo("[1,2]");
        assertThat(json(Schema.FLOAT64_SCHEMA, 2.5d)).isEqualTo("2.5");
        assertThat(json(Schema.BOOLEAN_SCHEMA, false)).isEqualTo("false");
        assertThat(json(Schema.STRING_SCHEMA, null)).isEqualTo("null");
    }

    @Test
    void shouldCollectToastPlaceholdersOfARowAsUnchangedColumns() {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
                .field("notes", Schema.OPTIONAL_STRING_SCHEMA).field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build()).build();
        byte[] placeholder = DebeziumValues.UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
        Struct after = new Struct(row).put("id", 1).put("notes", DebeziumValues.UNAVAILABLE)
                .put("blob", placeholder).put("tags", List.of(DebeziumValues.UNAVAILABLE));
        Set<String> unchanged = new LinkedHashSet<>();

        assertThat(values.toJson(row, after, unchanged).toString()).isEqualTo("{\"id\":1}");
        assertThat(unchanged).containsExactly("notes", "blob", "tags");

        ObjectNode before = (ObjectNode) values.toJson(row, new Struct(row).put("id", 1).put("notes", "kept"),
                null);
        ObjectNode filled = DebeziumValues.fillFromBefore(after, (ObjectNode) values.toJson(row, after,
                new LinkedHashSet<>()), before, unchanged);
        assertThat(filled.toString()).isEqualTo("{\"id\":1,\"notes\":\"kept\"}");
        assertThat(unchanged).as("the before image knows notes only").containsExactly("blob", "tags");
    }

    @Test
    void shouldJoinACompositeKeyIntoTheSubject() {
        Schema key = SchemaBuilder.struct().field("order_id", Schema.INT32_SCHEMA)
                .field("product_id", Schema.INT16_SCHEMA).field("code", Schema.STRING_SCHEMA).build();

        assertThat(values.subject(new Struct(key).put("order_id", 10248).put("product_id", (short) 11)
                .put("code", "a b"))).isEqualTo("10248/11/a b");
    }
}
