package dev.ficus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.bench.PosLoad;
import static dev.ficus.testsupport.ChangeEvents.assertExactlyOnceInOrder;

import dev.ficus.testsupport.ArtemisPair;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.TestPostgres;
import dev.ficus.testsupport.TrafficAdmin;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale-out on one machine, loopback only: two Ficus replicas (child JVMs, the real main class) sharing the machine's
 * PostgreSQL and one external Artemis primary/backup pair ({@link ArtemisPair}, real broker processes from the
 * Artemis distribution with {@code deploy/artemis}'s configuration), each failure injected with SIGKILL.
 * Run by {@code ./mvnw verify -P resilience}; every wait is bounded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasResilienceIT {

    static final int CHANGES = 5_000;
    static final String PRODUCT_CHANGED = "retail.product.changed";
    static final String SALE_COMPLETED = "retail.pos.sale-completed";

    static ArtemisPair brokers;
    static Path logs;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startBrokers() {
        logs = FicusTestOptions.tempDir("ficus-replicas-logs");
        brokers = ArtemisPair.start();
    }

    @AfterAll
    static void stopBrokers() {
        if (brokers != null) {
            brokers.close();
        }
    }

    /** Options both replicas of a test share: one database, one slot, the broker pair, no RetailCore HTTP. */
    FicusTestOptions shared(TestPostgres.Database db, String slot) {
        return FicusTestOptions.create().legacyDatabase(db).withoutLegacyHttp().routesReloadOff().posDropOff()
                .withExternalBroker(brokers.failoverUrl()).set("ficus.artemis.user", ArtemisPair.USER)
                .set("ficus.artemis.password", ArtemisPair.PASSWORD).set("pos.posting.enabled", false)
                .withCdc().cdcSlot(slot).cdcSnapshotMode("no_data").set("cdc.publish-retry-max-ms", 1000)
                .captureTable("public.products", "product")
                .set("cdc.tables[0].events[0].type", PRODUCT_CHANGED)
                .set("cdc.tables[0].events[0].operations", "create,update,delete");
    }

    @Test
    @Order(1)
    void standbyTakesOverChangeCaptureWithin15sWhenTheLeaderIsKilled() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("ha_leader");
        FicusTestOptions options = shared(db, "ha_leader");
        try (Replica a = Replica.start("a", options, logs); Replica b = Replica.start("b", options, logs);
             JMSContext subscriber = subscribe("ha-leader", PRODUCT_CHANGED)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.capturesAsLeader() && b.standsBy());

            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChanges(db, CHANGES));
            await().atMost(Duration.ofSeconds(120)).until(() -> a.metric("ficus.cdc.events") >= CHANGES / 3.0);
            a.kill9();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(b::capturesAsLeader);
            Duration takeOver = Duration.ofNanos(System.nanoTime() - killed);
            writer.get(180, TimeUnit.SECONDS);

            List<JsonNode> received = receive(subscriber, "ha-leader", PRODUCT_CHANGED, CHANGES);
            System.out.printf("[replicas] leader killed: standby captured after %d ms; %d change events received%n",
                    takeOver.toMillis(), received.size());
            assertThat(takeOver).as("take-over time").isLessThanOrEqualTo(Duration.ofSeconds(15));
            assertExactlyOnceInOrder(received, CHANGES);
        } finally {
            dropSlot(db, "ha_leader");
        }
    }

    @Test
    @Order(2)
    void aLeaderPausedBeyondItsLeaseStopsCapturingWhenItWakesUp() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("ha_pause");
        FicusTestOptions options = shared(db, "ha_pause");
        try (Replica a = Replica.start("a", options, logs); Replica b = Replica.start("b", options, logs);
             JMSContext subscriber = subscribe("ha-pause", PRODUCT_CHANGED)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.capturesAsLeader() && b.standsBy());
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChanges(db, CHANGES));
            await().atMost(Duration.ofSeconds(120)).until(() -> a.metric("ficus.cdc.events") >= CHANGES / 3.0);
            a.pause();
            try {
                // the lease (10 s) expires while a sleeps: b takes the lock, but a still holds the slot's connection
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> "leader".equals(b.cdcHealth().at("/details/role").asText()));
            } finally {
                a.resume();
            }
            // a wakes up with a stale lease: it stops its engine at once, which frees the slot for b
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !"leader".equals(a.cdcHealth().at("/details/role").asText()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(b::capturesAsLeader);
            writer.get(180, TimeUnit.SECONDS);

            List<JsonNode> received = receive(subscriber, "ha-pause", PRODUCT_CHANGED, CHANGES);
            assertThat(a.log()).contains("lost the lead of slot");
            assertExactlyOnceInOrder(received, CHANGES);
        } finally {
            dropSlot(db, "ha_pause");
        }
    }

    @Test
    @Order(3)
    void replicasShareMigrationStatesAndPosIdempotencyKeys() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("ha_shared");
        FicusTestOptions options = shared(db, "ha_shared");
        PosLoad pos = PosLoad.fromSample(Path.of("src/test/resources/pos/ncr-acs-2.1/SMALL.xml"));
        try (Replica a = Replica.start("a", options, logs); Replica b = Replica.start("b", options, logs)) {
            TrafficAdmin onA = new TrafficAdmin(a.baseUrl(), "replicas-it");
            TrafficAdmin onB = new TrafficAdmin(b.baseUrl(), "replicas-it");
            onA.move("facade-get-product", "SHADOW", null);
            long moved = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> "SHADOW".equals(onB.route("facade-get-product").path("state").asText()));
            Duration seen = Duration.ofNanos(System.nanoTime() - moved);
            System.out.printf("[replicas] state change on a in force on b after %d ms%n", seen.toMillis());
            assertThat(seen).as("state change seen by the other replica").isLessThanOrEqualTo(Duration.ofSeconds(1));

            byte[] document = pos.document(41, 1, 1);
            HttpResponse<String> first = post(a, document);
            HttpResponse<String> again = post(b, document);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(json.readTree(first.body()).path("published").asInt()).isEqualTo(1);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            assertThat(json.readTree(again.body()).at("/results/0/status").asText()).as(again.body())
                    .isEqualTo("duplicate");
        } finally {
            dropSlot(db, "ha_shared");
        }
    }

    @Test
    @Order(4)
    void killingAReplicaBehindTheLoadBalancerLosesNoAcceptedDocument() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("ha_lb");
        FicusTestOptions options = shared(db, "ha_lb");
        try (Replica a = Replica.start("a", options, logs); Replica b = Replica.start("b", options, logs);
             LoadBalancer lb = LoadBalancer.start(FicusTestOptions.tempDir("ficus-lb"), a.port, b.port);
             JMSContext subscriber = subscribe("ha-lb", SALE_COMPLETED)) {
            PosTill till = new PosTill(lb.baseUrl(), 51);
            PosTill.Outcome outcome = till.sendFor(Duration.ofSeconds(20), 4, Duration.ofSeconds(8), () -> {
                b.kill9();
                return null;
            });
            System.out.printf("[replicas] replica killed behind HAProxy: %d documents accepted, %d failed (in flight "
                    + "at the kill: at most %d)%n", outcome.accepted().size(), outcome.failed().size(), 4);
            assertThat(outcome.failed()).as("requests failed by the kill: those in flight on it").hasSizeLessThanOrEqualTo(4);
            assertThat(outcome.accepted()).as("documents accepted").hasSizeGreaterThan(50);

            Map<Long, Integer> received = till.received(receiveMessages(subscriber, "ha-lb", SALE_COMPLETED,
                    outcome.accepted().size()));
            assertThat(received.values()).as("events per transaction").allMatch(n -> n == 1);
            assertThat(received.keySet()).as("every accepted document published").containsAll(outcome.accepted());
            till.resend(outcome.failed());   // what a till does with an unanswered document
            received.putAll(till.received(receiveMessages(subscriber, "ha-lb", SALE_COMPLETED, 0)));
            assertThat(received.keySet()).as("after the till re-sent").containsAll(outcome.failed());
        } finally {
            dropSlot(db, "ha_lb");
        }
    }

    @Test
    @Order(5)
    void killingTheBrokerPrimaryLosesAndDuplicatesNothing() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("ha_broker");
        FicusTestOptions options = shared(db, "ha_broker");
        try (Replica a = Replica.start("a", options, logs); Replica b = Replica.start("b", options, logs);
             JMSContext changes = subscribe("ha-broker-cdc", PRODUCT_CHANGED);
             JMSContext sales = subscribe("ha-broker-pos", SALE_COMPLETED)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.capturesAsLeader() || b.capturesAsLeader());
            Replica leader = a.capturesAsLeader() ? a : b;
            PosTill till = new PosTill(b.baseUrl(), 61);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeChanges(db, CHANGES));
            CompletableFuture<PosTill.Outcome> intake = CompletableFuture.supplyAsync(() ->
                    till.sendFor(Duration.ofSeconds(25), 2, Duration.ofDays(1), () -> null));
            await().atMost(Duration.ofSeconds(120)).until(() -> leader.metric("ficus.cdc.events") >= CHANGES / 3.0);
            brokers.killPrimary();
            Duration failover = brokers.awaitBackupActive(Duration.ofSeconds(60));
            writer.get(240, TimeUnit.SECONDS);
            PosTill.Outcome outcome = intake.get(240, TimeUnit.SECONDS);

            List<JsonNode> received = receive(changes, "ha-broker-cdc", PRODUCT_CHANGED, CHANGES);
            till.resend(outcome.failed());
            Map<Long, Integer> sold = till.received(receiveMessages(sales, "ha-broker-pos", SALE_COMPLETED,
                    outcome.accepted().size() + outcome.failed().size()));
            System.out.printf("[replicas] Artemis primary killed: backup active after %d ms; %d change events, %d POS "
                    + "documents accepted (%d failed and re-sent)%n", failover.toMillis(), received.size(),
                    outcome.accepted().size(), outcome.failed().size());
            assertExactlyOnceInOrder(received, CHANGES);
            assertThat(sold.values()).as("events per POS transaction").allMatch(n -> n == 1);
            assertThat(sold.keySet()).as("every document published once")
                    .containsAll(outcome.accepted()).containsAll(outcome.failed());
        } finally {
            dropSlot(db, "ha_broker");
        }
    }

    /** Receives messages until {@code expected} arrived (at most 240 s), then whatever else comes within 3 s. */
    List<Message> receiveMessages(JMSContext context, String subscription, String address, int expected) {
        List<Message> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        try (JMSConsumer consumer = context.createDurableConsumer(context.createTopic(address), subscription)) {
            while (received.size() < expected && System.nanoTime() < deadline) {
                Message m = consumer.receive(5_000);
                if (m != null) {
                    received.add(m);
                }
            }
            for (Message m = consumer.receive(3_000); m != null; m = consumer.receive(3_000)) {
                received.add(m);
            }
        }
        return received;
    }

    private HttpResponse<String> post(Replica replica, byte[] document) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(document)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Updates products' reorder_level to 1..n in order, one autocommit transaction each. */
    static void writeChanges(TestPostgres.Database db, int n) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE products SET reorder_level = ? WHERE product_id = ?")) {
            for (int i = 1; i <= n; i++) {
                st.setInt(1, i);
                st.setInt(2, i % 77 + 1);
                st.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A durable subscription on the pair (through its failover URL), created before any event is published. */
    JMSContext subscribe(String subscription, String address) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokers.failoverUrl(), ArtemisPair.USER,
                ArtemisPair.PASSWORD);
        JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        context.setClientID("replicas-it-" + subscription);
        context.createDurableConsumer(context.createTopic(address), subscription).close();
        return context;
    }

    /** The change events of {@link #receiveMessages}, parsed. */
    List<JsonNode> receive(JMSContext context, String subscription, String address, int expected) throws Exception {
        List<JsonNode> received = new ArrayList<>();
        for (Message m : receiveMessages(context, subscription, address, expected)) {
            received.add(json.readTree(((TextMessage) m).getText()));
        }
        return received;
    }

    static void dropSlot(TestPostgres.Database db, String suffix) {
        String slot = FicusTestOptions.slotName(suffix);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection c = db.dataSource().getConnection()) {
                c.createStatement().execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        + "WHERE slot_name = '" + slot + "'");
                return true;
            }
        });
    }
}
