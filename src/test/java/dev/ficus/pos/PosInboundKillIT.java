package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.RawStomp;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * A till sends 100 POSLog documents over STOMP without {@code persistent:true} (STOMP's default: non-persistent),
 * each with a receipt, and Ficus (a child JVM with its embedded broker, broker users on) is killed with SIGKILL in
 * the middle. After a restart on the same data directory, every document the broker had given a receipt for is
 * published as its sale event exactly once (a durable subscription made before the sends counts them).
 */
class PosInboundKillIT {

    static final int DOCUMENTS = 100;
    static final int KILL_AFTER = 60;

    @Test
    void shouldPublishEveryAcceptedNonPersistentDocumentOnceAfterAKill9() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("poskill");
        Path data = FicusTestOptions.tempDir("ficus-pos-kill");
        int brokerPort = FreePorts.next();
        FicusTestOptions options = FicusTestOptions.create().legacyDatabase(db).withoutLegacyHttp()
                .artemisPort(brokerPort).dataDir(data).withoutCdc().routesReloadOff().posDropOff()
                .httpPort(FreePorts.next())
                .set("pos.posting.enabled", false)
                .set("ficus.artemis.users[0].name", SecuredBroker.TILL)
                .set("ficus.artemis.users[0].password", SecuredBroker.TILL_PASSWORD)
                .set("ficus.artemis.users[0].roles", "pos-producer")
                .set("ficus.artemis.users[1].name", SecuredBroker.EVENTS_READER)
                .set("ficus.artemis.users[1].password", SecuredBroker.READER_PASSWORD)
                .set("ficus.artemis.users[1].roles", "pos-consumer");
        ActiveMQConnectionFactory reader = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort,
                SecuredBroker.EVENTS_READER, SecuredBroker.READER_PASSWORD);
        long started = System.nanoTime();

        FicusProcess ficus = FicusProcess.start(options, data);
        List<Integer> accepted = new ArrayList<>();
        try {
            awaitBroker(brokerPort, ficus);
            subscription(reader).close();
            try (RawStomp till = RawStomp.connect(brokerPort, SecuredBroker.TILL, SecuredBroker.TILL_PASSWORD)) {
                for (int seq = 1; seq <= DOCUMENTS; seq++) {
                    if (seq == KILL_AFTER) {
                        ficus.kill9();
                    }
                    if (till.send("pos.inbound", "ANYCAST", "", document(seq)).startsWith("RECEIPT")) {
                        accepted.add(seq);
                    } else {
                        break;
                    }
                }
            }
        } finally {
            ficus.close();
        }
        assertThat(accepted).hasSize(KILL_AFTER - 1);

        try (FicusProcess restarted = FicusProcess.start(options, data)) {
            awaitBroker(brokerPort, restarted);
            Map<String, Integer> published = new HashMap<>();
            try (Connection connection = subscription(reader)) {
                connection.start();
                MessageConsumer sales = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                        .createDurableConsumer(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                                .createTopic(PosEventMapper.SALE), "sales");
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    for (Message m = sales.receive(200); m != null; m = sales.receive(200)) {
                        published.merge(m.getStringProperty(PosHeaders.KEY), 1, Integer::sum);
                    }
                    return accepted.stream().allMatch(seq -> published.containsKey(key(seq)));
                });
                for (Message m = sales.receive(2000); m != null; m = sales.receive(2000)) {
                    published.merge(m.getStringProperty(PosHeaders.KEY), 1, Integer::sum);
                }
            }
            System.out.printf("PosInboundKillIT: %d documents accepted before the SIGKILL, %d published after the "
                    + "restart, %.0f s in all%n", accepted.size(), published.size(),
                    (System.nanoTime() - started) / 1e9);
            assertThat(published).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
            assertThat(published.keySet()).containsAll(accepted.stream().map(PosInboundKillIT::key).toList());
        }
    }

    /** A connection with client id {@code kill-test} whose durable subscription {@code sales} exists afterwards. */
    static Connection subscription(ActiveMQConnectionFactory reader) throws Exception {
        Connection connection = reader.createConnection();
        connection.setClientID("kill-test");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        session.createDurableConsumer(session.createTopic(PosEventMapper.SALE), "sales").close();
        session.close();
        return connection;
    }

    static void awaitBroker(int port, FicusProcess ficus) {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!ficus.isAlive()) {
                throw new AssertionError("Ficus exited: " + ficus.output());
            }
            try (RawStomp stomp = RawStomp.connect(port, SecuredBroker.TILL, SecuredBroker.TILL_PASSWORD)) {
                return stomp.connected();
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    static byte[] document(int seq) {
        return PosIngestIT.poslog(PosIngestIT.sale(seq)).getBytes(StandardCharsets.UTF_8);
    }

    static String key(int seq) {
        return PosIngestIT.key(seq);
    }
}
