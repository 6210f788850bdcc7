package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every POSLog fixture of {@code src/test/resources/pos/fixtures} (documents written for issue 15, see SOURCE.md
 * there) ingested on its own, with the dialects of {@code adapters/poslog/dialects}, and compared with its golden
 * file {@code <name>.events.json}: the ingest report, every event published (address, {@code FicusPosPost},
 * CloudEvent) and every dead letter's headers. Stores: {@code 301} in America/New_York, {@code 0610} in
 * Europe/London, {@code 88} in Europe/Zurich, others in UTC; store {@code 55} lets a later version win.
 *
 * <p>To rewrite the golden files after an intended change: {@code -Dficus.fixtures.write=true}, then review the diff.
 */
class PosFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/pos/fixtures");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Map<String, ZoneId> ZONES = Map.of("301", ZoneId.of("America/New_York"),
            "0610", ZoneId.of("Europe/London"), "88", ZoneId.of("Europe/Zurich"));

    static PosEventMapper mapper() {
        return new PosEventMapper("USD", store -> ZONES.getOrDefault(store, ZoneOffset.UTC),
                PosDialects.load(Path.of("adapters/poslog/dialects"), JSON), new CloudEventWriter(JSON));
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    /** @return the golden view of ingesting {@code name}.xml once into an empty ledger */
    static ObjectNode ingest(String name) throws IOException {
        SentMessages broker = new SentMessages();
        PosEventMapper mapper = mapper();
        PosDocumentIngest ingest = new PosDocumentIngest(new MemoryProcessedTransactions(),
                new PosMessages(broker.producer(), "jms:queue:pos.inbound.DLQ"), new SimpleMeterRegistry(),
                "55"::equals, mapper.writer());
        IngestReport report = ingest.ingest(PosLogSource.of(Files.readAllBytes(FIXTURES.resolve(name + ".xml"))),
                "http", new PosLogParser(Long.MAX_VALUE, mapper), true);
        ObjectNode out = JSON.createObjectNode();
        out.set("report", report.json());
        ArrayNode published = out.putArray("published");
        ArrayNode deadLettered = out.putArray("deadLettered");
        for (SentMessages.Sent sent : broker.sent) {
            if (sent.uri().startsWith("jms:topic:")) {
                ObjectNode p = published.addObject();
                p.put("address", sent.uri().substring("jms:topic:".length(), sent.uri().indexOf('?')));
                p.put("post", (Boolean) sent.headers().get(PosHeaders.POST));
                p.set("event", JSON.readTree((String) sent.body()));
            } else {
                deadLettered.addObject().set("headers", JSON.valueToTree(new TreeMap<>(sent.headers())));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldMapEveryFixtureToItsGoldenEvents(String name) throws IOException {
        ObjectNode actual = ingest(name);
        Path golden = FIXTURES.resolve(name + ".events.json");
        if (Boolean.getBoolean("ficus.fixtures.write")) {
            Files.writeString(golden, JSON.writeValueAsString(actual) + "\n");
        }
        JsonNode expected = JSON.readTree(golden.toFile());
        assertThat(actual).as(name + " (rewrite with -Dficus.fixtures.write=true)").isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void shouldHaveAtLeastThirtyFixturesEachWithItsGoldenFile() throws IOException {
        List<String> names = fixtures().toList();

        assertThat(names).hasSizeGreaterThanOrEqualTo(30);
        assertThat(names).allSatisfy(n -> assertThat(FIXTURES.resolve(n + ".events.json")).exists());
    }
}
