package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static dev.ficus.testsupport.ChangeEvents.assertExactlyOnceInOrder;

import dev.ficus.playground.NorthwindSeeder;
import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Change data capture's guarantee under the failures a production meets, each during a stream of
 * {@value #CHANGES} legacy updates (run by {@code ./mvnw verify -P resilience}, not in the default build): Ficus
 * killed with SIGKILL and restarted; Ficus stopped cleanly and restarted; PostgreSQL restarted under a running Ficus;
 * the external Artemis broker restarted under a running Ficus. Each time a durable subscriber receives every change
 * exactly once (no change missing, none twice after Artemis's duplicate detection) and each product's changes in
 * commit order. Ficus runs as a child process with the product's defaults (offsets flushed every second).
 */
class CdcResilienceIT {

    static final int CHANGES = 20_000;
    static final String TYPE = "retail.product.changed";

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void kill9OfFicus() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_res_kill");
        Scenario s = new Scenario("kill", db.jdbcUrl(), db.user(), db.dataSource(), null);
        s.runWithDisruption(() -> {
            s.ficus.kill9();
            s.ficus = FicusProcess.start(s.options, s.data);
        });
    }

    @Test
    void cleanStopOfFicus() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_res_stop");
        Scenario s = new Scenario("stop", db.jdbcUrl(), db.user(), db.dataSource(), null);
        s.runWithDisruption(() -> {
            s.ficus.close();
            s.ficus = FicusProcess.start(s.options, s.data);
        });
    }

    @Test
    void restartOfPostgres() throws Exception {
        Path pgDir = Files.createTempDirectory("ficus-res-pg");
        int pgPort = FreePorts.next();
        EmbeddedPostgres[] pg = {startPostgres(pgDir, pgPort)};
        try {
            DataSource ds = pg[0].getPostgresDatabase();
            NorthwindSeeder.seedIfEmpty(ds, NorthwindSeeder.DEFAULT_SCRIPT);
            String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
            PGSimpleDataSource reconnecting = new PGSimpleDataSource();
            reconnecting.setURL(url);
            reconnecting.setUser("postgres");
            Scenario s = new Scenario("pg", url, "postgres", reconnecting, null);
            s.runWithDisruption(() -> {
                pg[0].close();
                awaitPortFree(pgPort);
                // down for longer than half the leader's lease (10 s): the leader's watchdog stops the engine, which
                // must start again once the lease row, in the same database, is renewed (it stayed stopped before)
                Thread.sleep(6_000);
                pg[0] = startPostgres(pgDir, pgPort);
            });
        } finally {
            pg[0].close();
        }
    }

    @Test
    void restartOfTheExternalBroker() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_res_broker");
        Path brokerDir = Files.createTempDirectory("ficus-res-broker");
        int brokerPort = FreePorts.next();
        EmbeddedActiveMQ[] broker = {startBroker(brokerDir, brokerPort)};
        try {
            Scenario s = new Scenario("broker", db.jdbcUrl(), db.user(), db.dataSource(), brokerPort);
            s.runWithDisruption(() -> {
                broker[0].stop();
                Thread.sleep(3_000);
                broker[0] = startBroker(brokerDir, brokerPort);
            });
        } finally {
            broker[0].stop();
        }
    }

    /** One Ficus child process capturing one database, a durable subscriber, and the stream of changes. */
    private final class Scenario {
        final FicusTestOptions options = FicusTestOptions.create();
        final Path data;
        final DataSource legacy;
        final int httpPort = FreePorts.next();
        final int brokerPort;
        final String slot;
        FicusProcess ficus;

        Scenario(String name, String jdbcUrl, String user, DataSource legacy, Integer externalBrokerPort)
                throws Exception {
            this.legacy = legacy;
            this.data = Files.createTempDirectory("ficus-res-" + name);
            this.slot = "ficus_it_" + ProcessHandle.current().pid() + "_res_" + name;
            this.brokerPort = externalBrokerPort == null ? FreePorts.next() : externalBrokerPort;
            options.set("server.port", String.valueOf(httpPort));
            options.set("ficus.data-dir", data.toString());
            options.set("legacy.db.url", jdbcUrl);
            options.set("legacy.db.user", user);
            options.set("legacy.base-url", "http://127.0.0.1:9");   // no RetailCore HTTP in this test
            options.set("camel.main.routes-reload-enabled", "false");
            options.set("pos.drop.enabled", "false");
            options.set("cdc.slot-name", slot);
            options.set("cdc.snapshot-mode", "no_data");
            options.set("cdc.publish-retry-max-ms", "1000");
            options.set("cdc.tables[0].name", "public.products");
            options.set("cdc.tables[0].entity", "product");
            options.set("cdc.tables[0].events[0].type", TYPE);
            options.set("cdc.tables[0].events[0].operations", "create,update,delete");
            if (externalBrokerPort == null) {
                options.set("ficus.artemis.port", String.valueOf(brokerPort));
            } else {
                options.set("ficus.artemis.url", "tcp://localhost:" + brokerPort);
            }
        }

        void runWithDisruption(Disruption disruption) throws Exception {
            ficus = FicusProcess.start(options, data);
            try {
                awaitCapturing();
                subscribe().close();
                CompletableFuture<Void> writer = CompletableFuture.runAsync(this::writeChanges);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                        .until(() -> eventsPublished() >= CHANGES / 3.0);
                disruption.run();
                writer.get(300, java.util.concurrent.TimeUnit.SECONDS);
                List<JsonNode> received = receiveAll();
                assertExactlyOnceInOrder(received, CHANGES);
            } finally {
                ficus.close();
                try (Connection c = legacy.getConnection()) {
                    c.createStatement().execute("SELECT pg_drop_replication_slot('" + slot + "')");
                } catch (SQLException ignored) {
                    // gone with the database
                }
            }
        }

        private void writeChanges() {
            int i = 1;
            while (i <= CHANGES) {
                try (Connection c = legacy.getConnection();
                     PreparedStatement st = c.prepareStatement(
                             "UPDATE products SET reorder_level = ? WHERE product_id = ?")) {
                    for (; i <= CHANGES; i++) {
                        st.setInt(1, i);
                        st.setInt(2, i % 77 + 1);
                        st.executeUpdate();
                    }
                } catch (SQLException e) {
                    // PostgreSQL stopping: the update i may have committed before the connection broke
                    sleep(200);
                    if (committed(i)) {
                        i++;
                    }
                }
            }
        }

        /** Whether update {@code i} is in the database (each product's value only rises), retried until it answers. */
        private boolean committed(int i) {
            while (true) {
                try (Connection c = legacy.getConnection();
                     PreparedStatement st = c.prepareStatement(
                             "SELECT reorder_level FROM products WHERE product_id = ?")) {
                    st.setInt(1, i % 77 + 1);
                    try (java.sql.ResultSet rs = st.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == i;
                    }
                } catch (SQLException e) {
                    sleep(200);
                }
            }
        }

        private List<JsonNode> receiveAll() throws Exception {
            List<JsonNode> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            try (JMSContext context = subscribe();
                 JMSConsumer consumer = context.createDurableConsumer(context.createTopic(TYPE), "resilience")) {
                while (received.size() < CHANGES && System.nanoTime() < deadline) {
                    Message m = consumer.receive(5_000);
                    if (m != null) {
                        received.add(json.readTree(((TextMessage) m).getText()));
                    }
                }
                for (Message m = consumer.receive(3_000); m != null; m = consumer.receive(3_000)) {
                    received.add(json.readTree(((TextMessage) m).getText()));
                }
            }
            return received;
        }

        private JMSContext subscribe() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort);
                    JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                    context.setClientID("cdc-resilience-it");
                    context.createDurableConsumer(context.createTopic(TYPE), "resilience").close();
                    return context;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    sleep(500);
                }
            }
        }

        private void awaitCapturing() {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!ficus.isAlive()) {
                    throw new AssertionError("Ficus exited: " + ficus.output());
                }
                try {
                    return json.readTree(get("/actuator/health")).at("/components/cdc/status").asText().equals("UP");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> new JdbcTemplate(legacy).queryForObject(
                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND active", Integer.class,
                    slot) == 1);
        }

        private double eventsPublished() throws Exception {
            return json.readTree(get("/actuator/metrics/ficus.cdc.events")).at("/measurements/0/value").asDouble();
        }

        private String get(String path) throws java.io.IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("wal_level", "logical").setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4").setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    private static EmbeddedActiveMQ startBroker(Path dir, int port) throws Exception {
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(true).setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setPersistIDCache(true).setIDCacheSize(50_000)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
        broker.start();
        return broker;
    }

    private static void awaitPortFree(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Disruption {
        void run() throws Exception;
    }
}
