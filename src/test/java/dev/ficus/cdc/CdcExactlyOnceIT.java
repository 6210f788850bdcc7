package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery guarantee: 5,000 legacy changes, Ficus killed with SIGKILL while it publishes them, restarted on
 * the same data directory; a durable subscriber receives each change exactly once and each product's changes in
 * commit order. Offsets are flushed only every 60 s here, so changes published before the kill are sent again
 * after the restart and must be dropped by Artemis's duplicate detection. And a restart where the replication slot's
 * confirmed position is ahead of the stored offset (an offset write lost while Ficus's database restarted) streams
 * from the slot instead of refusing to start.
 */
class CdcExactlyOnceIT {

    static final int CHANGES = 5_000;
    static final String TYPE = "retail.product.changed";

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldDeliverEveryChangeExactlyOnceInPerKeyOrderAcrossAKill9() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_kill");
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        Path data = Files.createTempDirectory("ficus-kill");
        int httpPort = FreePorts.next();
        int artemisPort = FreePorts.next();
        String slot = FicusTestOptions.slotName("kill");
        FicusTestOptions options = FicusTestOptions.create().httpPort(httpPort).artemisPort(artemisPort)
                .dataDir(data).legacyDatabase(db).withoutLegacyHttp().routesReloadOff()
                .withCdc().cdcSlot("kill").cdcSnapshotMode("no_data")
                .set("cdc.offset-flush-interval-ms", 60000)
                .captureTable("public.products", "product")
                .set("cdc.tables[0].events[0].type", TYPE)
                .set("cdc.tables[0].events[0].operations", "create,update,delete");

        long published;
        try (FicusProcess first = FicusProcess.start(options, data)) {
            awaitCapture(first, httpPort, jdbc, slot);
            subscribe(artemisPort).close();

            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChanges(db));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> eventsPublished(httpPort) >= CHANGES / 3);
            published = (long) eventsPublished(httpPort);
            first.kill9();
            assertThat(published).as("killed in the middle").isLessThan(CHANGES);
            writer.join();
        }

        try (FicusProcess second = FicusProcess.start(options, data)) {
            awaitHealthy(second, httpPort);

            List<JsonNode> received = new ArrayList<>();
            try (JMSContext context = subscribe(artemisPort);
                 JMSConsumer consumer = context.createDurableConsumer(context.createTopic(TYPE), "exactly-once")) {
                // every change, however long the restarted Ficus takes, then anything extra that may follow
                while (received.size() < CHANGES) {
                    Message m = consumer.receive(60_000);
                    if (m == null) {
                        break;
                    }
                    received.add(json.readTree(((TextMessage) m).getText()));
                }
                for (Message m = consumer.receive(3_000); m != null; m = consumer.receive(3_000)) {
                    received.add(json.readTree(((TextMessage) m).getText()));
                }
            }
            double resent = eventsPublished(httpPort);

            assertThat(published + resent).as("the restarted Ficus re-sent changes published before the kill, "
                    + "which Artemis dropped as duplicates").isGreaterThan(CHANGES);
            assertThat(received).hasSize(CHANGES);
            assertThat(received.stream().map(e -> e.path("id").asText()).distinct().count()).isEqualTo(CHANGES);
            assertThat(received.stream().map(e -> e.at("/data/after/reorder_level").asInt()).distinct().sorted()
                    .toList()).isEqualTo(java.util.stream.IntStream.rangeClosed(1, CHANGES).boxed().toList());
            Map<String, Integer> lastPerProduct = new HashMap<>();
            for (JsonNode e : received) {
                int value = e.at("/data/after/reorder_level").asInt();
                Integer previous = lastPerProduct.put(e.path("subject").asText(), value);
                assertThat(previous == null || previous < value)
                        .as("product %s: %s after %s", e.path("subject").asText(), value, previous).isTrue();
            }
            System.out.printf("exactly-once: killed after %d published, restart re-sent %.0f, received %d%n",
                    published, resent, received.size());
        }
    }

    @Test
    void shouldStreamFromTheSlotWhenItIsAheadOfTheStoredOffset() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_slot_ahead");
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        Path data = Files.createTempDirectory("ficus-slot-ahead");
        int httpPort = FreePorts.next();
        int artemisPort = FreePorts.next();
        String slot = FicusTestOptions.slotName("ahead");
        FicusTestOptions options = FicusTestOptions.create().httpPort(httpPort).artemisPort(artemisPort)
                .dataDir(data).legacyDatabase(db).withoutLegacyHttp().routesReloadOff()
                .withCdc().cdcSlot("ahead").cdcSnapshotMode("no_data")
                .captureTable("public.products", "product")
                .set("cdc.tables[0].events[0].type", TYPE)
                .set("cdc.tables[0].events[0].operations", "create,update,delete");
        try (FicusProcess first = FicusProcess.start(options, data)) {
            awaitCapture(first, httpPort, jdbc, slot);
            subscribe(artemisPort).close();
            writeChanges(db, 1, 50);
            await().atMost(Duration.ofSeconds(60)).until(() -> eventsPublished(httpPort) >= 50);
        }
        // committed while Ficus is down, then confirmed on the slot as if consumed: the stored offset is now behind it
        writeChanges(db, 51, 60);
        jdbc.queryForObject("SELECT pg_replication_slot_advance(?, pg_current_wal_lsn())::text", String.class, slot);
        writeChanges(db, 61, 70);

        try (FicusProcess second = FicusProcess.start(options, data)) {
            awaitHealthy(second, httpPort);
            List<Integer> values = new ArrayList<>();
            try (JMSContext context = subscribe(artemisPort);
                 JMSConsumer consumer = context.createDurableConsumer(context.createTopic(TYPE), "exactly-once")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!values.contains(70) && System.nanoTime() < deadline) {
                    Message m = consumer.receive(5_000);
                    if (m != null) {
                        values.add(json.readTree(((TextMessage) m).getText()).at("/data/after/reorder_level").asInt());
                    }
                }
                for (Message m = consumer.receive(3_000); m != null; m = consumer.receive(3_000)) {
                    values.add(json.readTree(((TextMessage) m).getText()).at("/data/after/reorder_level").asInt());
                }
            }
            assertThat(values).as("changes after the slot's position, once each, in order")
                    .containsSubsequence(java.util.stream.IntStream.rangeClosed(61, 70).boxed().toList())
                    .doesNotHaveDuplicates().noneMatch(v -> v > 50 && v <= 60);
        }
    }

    private static void writeChanges(TestPostgres.Database db) {
        writeChanges(db, 1, CHANGES);
    }

    private static void writeChanges(TestPostgres.Database db, int from, int to) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE products SET reorder_level = ? WHERE product_id = ?")) {
            for (int i = from; i <= to; i++) {
                st.setInt(1, i);
                st.setInt(2, i % 77 + 1);
                st.executeUpdate();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JMSContext subscribe(int artemisPort) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + artemisPort);
        JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        context.setClientID("cdc-exactly-once-it");
        context.createDurableConsumer(context.createTopic(TYPE), "exactly-once").close();
        return context;
    }

    private void awaitCapture(FicusProcess ficus, int httpPort, JdbcTemplate jdbc, String slot) {
        awaitHealthy(ficus, httpPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active", Integer.class, slot) == 1);
    }

    private void awaitHealthy(FicusProcess ficus, int httpPort) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!ficus.isAlive()) {
                throw new AssertionError("Ficus exited: " + ficus.output());
            }
            try {
                JsonNode health = json.readTree(get(httpPort, "/actuator/health"));
                return health.at("/components/cdc/status").asText().equals("UP");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private double eventsPublished(int httpPort) throws Exception {
        return json.readTree(get(httpPort, "/actuator/metrics/ficus.cdc.events")).at("/measurements/0/value")
                .asDouble();
    }

    private String get(int port, String path) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
