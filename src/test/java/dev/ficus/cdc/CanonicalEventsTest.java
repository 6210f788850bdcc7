package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The canonical mapping on hand-built Debezium records (the real thing is in the *IT tests). */
class CanonicalEventsTest {

    static final Schema ROW = SchemaBuilder.struct().name("row").optional()
            .field("product_id", Schema.INT16_SCHEMA)
            .field("price", Decimal.builder(2).optional().build())
            .field("units_in_stock", Schema.OPTIONAL_INT16_SCHEMA)
            .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema KEY = SchemaBuilder.struct().name("key").field("product_id", Schema.INT16_SCHEMA).build();
    static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build()).build();
    static final Schema ENVELOPE = SchemaBuilder.struct().name("envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .build();

    final ObjectMapper json = new ObjectMapper();
    final CanonicalEvents canonical = new CanonicalEvents("postgresql://db:5432/northwind", "retail",
            "ficus.cdc_signal", List.of(new CdcProperties.Table("public.products", "product", List.of(
                    new CdcProperties.EventRule("retail.product.changed", List.of("create", "update"), null),
                    new CdcProperties.EventRule("retail.inventory.stock-changed", List.of("update"),
                            List.of("units_in_stock"))))), json, new CloudEventWriter(json));

    @Test
    void shouldGiveTheSameIdToTheSameChangeAndAnotherToAnotherChange() throws Exception {
        CanonicalEvent first = canonical.toEvents(update(row(5, "a"), row(5, "b"), 100)).get(0);
        CanonicalEvent again = canonical.toEvents(update(row(5, "a"), row(5, "b"), 100)).get(0);
        CanonicalEvent later = canonical.toEvents(update(row(5, "a"), row(5, "b"), 101)).get(0);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(later.id()).isNotEqualTo(first.id());
        JsonNode event = json.readTree(first.json());
        assertThat(event.path("id").asText()).isEqualTo(first.id());
        assertThat(event.path("subject").asText()).isEqualTo("11");
        assertThat(event.at("/data/after/price").asText()).isEqualTo("21.00");
        assertThat(event.path("time").asText()).isEqualTo("2024-03-31T00:30:00Z");
        assertThat(first.groupId()).isEqualTo("public.products/11");
    }

    @Test
    void shouldAddTheStockEventOnlyWhenUnitsInStockChanged() {
        assertThat(canonical.toEvents(update(row(5, "a"), row(6, "a"), 1))).extracting(CanonicalEvent::type)
                .containsExactly("retail.product.changed", "retail.inventory.stock-changed");
        assertThat(canonical.toEvents(update(row(5, "a"), row(5, "b"), 1))).extracting(CanonicalEvent::type)
                .containsExactly("retail.product.changed");
        assertThat(canonical.toEvents(update(null, row(5, "b"), 1))).extracting(CanonicalEvent::type)
                .as("no before image: a change cannot be ruled out")
                .containsExactly("retail.product.changed", "retail.inventory.stock-changed");
    }

    @Test
    void shouldReplaceTheToastPlaceholderByTheUnchangedMarker() throws Exception {
        JsonNode event = json.readTree(canonical.toEvents(update(null, row(5, CanonicalEvents.UNAVAILABLE), 1))
                .get(0).json());

        assertThat(event.toString()).doesNotContain(CanonicalEvents.UNAVAILABLE);
        assertThat(event.at("/data/after").has("notes")).isFalse();
        assertThat(json.convertValue(event.at("/data/unchanged"), List.class)).containsExactly("notes");
    }

    @Test
    void shouldUseTheDefaultTypeForAnUnmappedOperation() {
        Struct value = new Struct(ENVELOPE).put("before", row(5, "a")).put("source", source(7)).put("op", "d");
        SourceRecord delete = new SourceRecord(Map.of(), Map.of(), "t", null, KEY, key(), ENVELOPE, value);

        assertThat(canonical.toEvents(delete)).extracting(CanonicalEvent::type).containsExactly(
                "retail.product.deleted");
    }

    @Test
    void shouldCarryDebeziumsSnapshotMarkAsTheSnapshotExtensionOnlyOnSnapshotRows() throws Exception {
        for (String mark : List.of("first", "true", "last_in_data_collection", "last", "incremental")) {
            Struct value = new Struct(ENVELOPE).put("after", row(5, "a")).put("op", "r")
                    .put("source", source(0).put("snapshot", mark.toUpperCase(java.util.Locale.ROOT)));
            JsonNode event = json.readTree(canonical.toEvents(new SourceRecord(Map.of(), Map.of(), "t", null, KEY,
                    key(), ENVELOPE, value)).get(0).json());
            assertThat(event.path("snapshot").asText()).as(mark).isEqualTo(mark);
            assertThat(event.at("/data/op").asText()).isEqualTo("snapshot");
        }
        Struct streamed = new Struct(ENVELOPE).put("before", row(5, "a")).put("after", row(6, "a")).put("op", "u")
                .put("source", source(9).put("snapshot", "false"));
        assertThat(json.readTree(canonical.toEvents(new SourceRecord(Map.of(), Map.of(), "t", null, KEY, key(),
                ENVELOPE, streamed)).get(0).json()).has("snapshot")).isFalse();
        assertThat(json.readTree(canonical.toEvents(update(row(5, "a"), row(6, "a"), 9)).get(0).json())
                .has("snapshot")).as("no snapshot field at all").isFalse();
    }

    @Test
    void shouldKeepOnlyTheColumnsOfTheReplicaIdentityInADeletesBeforeImage() throws Exception {
        // REPLICA IDENTITY DEFAULT: PostgreSQL sends the key only; Debezium fills the rest with made-up values
        Struct value = new Struct(ENVELOPE).put("before", row(0, "")).put("source", source(8)).put("op", "d");
        SourceRecord delete = new SourceRecord(Map.of(), Map.of(), "t", null, KEY, key(), ENVELOPE, value);
        CanonicalEvents keyOnly = new CanonicalEvents("postgresql://db:5432/northwind", "retail", "ficus.cdc_signal",
                List.of(new CdcProperties.Table("public.products", "product", List.of())), json,
                new CloudEventWriter(json), table -> java.util.Optional.of(java.util.Set.of("product_id")));

        JsonNode before = json.readTree(keyOnly.toEvents(delete).get(0).json()).at("/data/before");

        assertThat(json.convertValue(before, Map.class)).containsOnlyKeys("product_id");
        assertThat(before.path("product_id").asInt()).isEqualTo(11);
        JsonNode full = json.readTree(canonical.toEvents(delete).get(0).json()).at("/data/before");
        assertThat(json.convertValue(full, Map.class)).as("REPLICA IDENTITY FULL keeps the whole row")
                .containsKeys("product_id", "price", "units_in_stock", "notes");
    }

    private SourceRecord update(Struct before, Struct after, long lsn) {
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source(lsn))
                .put("op", "u");
        return new SourceRecord(Map.of(), Map.of(), "t", null, KEY, key(), ENVELOPE, value);
    }

    private static Struct source(long lsn) {
        return new Struct(SOURCE).put("schema", "public").put("table", "products").put("lsn", lsn)
                .put("ts_ms", 1_711_845_000_000L);
    }

    private static Struct key() {
        return new Struct(KEY).put("product_id", (short) 11);
    }

    private static Struct row(int stock, String notes) {
        return new Struct(ROW).put("product_id", (short) 11).put("price", new BigDecimal("21.00"))
                .put("units_in_stock", (short) stock).put("notes", notes);
    }
}
