package dev.ficus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replicated Artemis pair ({@link ArtemisPair}: real broker processes, created and run as deploy/artemis/README.md
 * tells) keeps every message across a SIGKILL of its primary, for a plain Artemis JMS client that connects with the
 * README's failover URL, re-sends what was not confirmed and relies on duplicate detection ({@code _AMQ_DUPL_ID}).
 * Runs in the {@code resilience} profile ({@code ./mvnw verify -P resilience}), not in the default build.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ArtemisPairIT {

    static final int MESSAGES = 5_000;
    static final int BATCH = 50;
    /** The primary is killed right after this message is sent: the 25th of the 51st transaction of 100. */
    static final int KILL_AFTER = 2_524;
    static final String TOPIC = "ficus.ha-check.events";
    static final String CLIENT_ID = "artemis-pair-it";
    static final String SUBSCRIPTION = "all-events";
    static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A durable subscription exists before the first message. A producer sends {@value #MESSAGES} durable messages to
     * a multicast address in transactions of {@value #BATCH}, each with {@code _AMQ_DUPL_ID} = its sequence number;
     * the primary is SIGKILLed in the middle of a transaction. The producer's connection fails over to the backup, the
     * open transaction rolls back and the producer re-sends it; it also re-sends the last transaction the primary had
     * confirmed, as a client that lost the answer to its commit would, which duplicate detection on the backup must
     * refuse. Then the subscriber, connecting with the same URL (the primary is dead), receives from the backup every
     * message exactly once and in order.
     */
    @Test
    void shouldDeliverEveryMessageExactlyOnceInOrderAfterTheBackupTookOverFromAKilledPrimary() throws Exception {
        try (ArtemisPair pair = ArtemisPair.start()) {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(pair.failoverUrl(), ArtemisPair.USER,
                    ArtemisPair.PASSWORD);
            subscribe(factory);

            ProducerRun run = produce(factory, pair);
            List<Integer> received = drain(factory);

            System.out.printf("[ArtemisPairIT] failover after SIGKILL of the primary: backup active and accepting after %d ms, "
                            + "producer's connection failed over after %d ms, first commit on the backup after %d ms "
                            + "(%d transactions re-sent, %d refused as duplicates)%n", run.backupActive.toMillis(),
                    run.clientFailover.toMillis(), run.firstCommitAfterKill.toMillis(), run.resent, run.duplicates);
            assertThat(run.clientFailover).as("producer's FAILOVER_COMPLETED event").isPositive();
            assertThat(run.duplicates).as("transactions refused as duplicates by the backup").isEqualTo(1);
            assertThat(describe(received)).as("what the durable subscriber received from the backup")
                    .isEqualTo(describe(IntStream.range(0, MESSAGES).boxed().toList()));
        }
    }

    /**
     * Every address and queue that {@code deploy/artemis/broker.properties} declares exists, with its routing type,
     * on the active primary and, after a SIGKILL of the primary, on the backup that took over. The second look
     * connects right after the kill, while the backup is still passive: the URL's {@code initialConnectAttempts}
     * carries the new client over the failover.
     */
    @Test
    void shouldServeTheAddressesOfBrokerPropertiesFromPrimaryAndFromBackup() throws Exception {
        Map<String, String> addresses = declared("routingTypes");
        Map<String, String> queues = declared("queueConfigs\\.\"[^\"]+\"\\.routingType");
        assertThat(addresses).containsKeys("pos.inbound", "pos.posting", "retail.pos.sale-completed");
        try (ArtemisPair pair = ArtemisPair.start()) {
            assertThat(existing(pair.failoverUrl(), addresses, queues)).as("on the primary\n" + pair.logTails())
                    .isEqualTo(expected(addresses, queues));
            pair.killPrimary();
            Map<String, String> onBackup = existing(pair.failoverUrl(), addresses, queues);
            pair.awaitBackupActive(FAILOVER_TIMEOUT);
            assertThat(onBackup).as("on the backup\n" + pair.logTails()).isEqualTo(expected(addresses, queues));
        }
    }

    /** The failover URL options that the pair tests are exactly the ones deploy/artemis/README.md recommends. */
    @Test
    void shouldTestTheClientUrlTheReadmeRecommends() throws IOException {
        assertThat(Files.readString(Path.of("deploy/artemis/README.md"))).contains(ArtemisPair.CLIENT_URL_OPTIONS);
    }

    static void subscribe(ActiveMQConnectionFactory factory) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(CLIENT_ID);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableSubscriber(session.createTopic(TOPIC), SUBSCRIPTION).close();
        }
    }

    /** Sends every message in transactions, kills the primary mid-way, re-sends what failed; see the test. */
    static ProducerRun produce(ActiveMQConnectionFactory factory, ArtemisPair pair) throws JMSException {
        AtomicLong failedOverAt = new AtomicLong();
        ProducerRun run = new ProducerRun();
        long killedAt = 0;
        try (ActiveMQConnection connection = (ActiveMQConnection) factory.createConnection()) {
            connection.setFailoverListener(event -> {
                if (event == FailoverEventType.FAILOVER_COMPLETED) {
                    failedOverAt.compareAndSet(0, System.nanoTime());
                }
            });
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            Topic topic = session.createTopic(TOPIC);
            MessageProducer producer = session.createProducer(topic);
            int next = 0;
            while (next < MESSAGES) {
                int end = Math.min(next + BATCH, MESSAGES);
                try {
                    for (int seq = next; seq < end; seq++) {
                        producer.send(message(session, seq));
                        if (seq == KILL_AFTER && killedAt == 0) {
                            killedAt = System.nanoTime();
                            pair.killPrimary();
                            run.backupActive = pair.awaitBackupActive(FAILOVER_TIMEOUT);
                        }
                    }
                    session.commit();
                    if (killedAt != 0 && run.firstCommitAfterKill == null) {
                        run.firstCommitAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);
                    }
                    next = end;
                } catch (JMSException e) {
                    rollbackQuietly(session);
                    if (isDuplicate(e)) {
                        run.duplicates++;
                        next = end;
                    } else {
                        assertThat(++run.resent).as("re-sent transactions; last failure: " + e + "\n"
                                + pair.logTails()).isLessThanOrEqualTo(10);
                        // the first failure is the killed primary: also re-send the transaction it confirmed last
                        next = run.resent == 1 ? Math.max(0, next - BATCH) : next;
                    }
                }
            }
        }
        assertThat(killedAt).as("the primary was killed during the run").isPositive();
        run.clientFailover = failedOverAt.get() == 0 ? Duration.ZERO : Duration.ofNanos(failedOverAt.get() - killedAt);
        return run;
    }

    static TextMessage message(Session session, int seq) throws JMSException {
        TextMessage message = session.createTextMessage("event " + seq);
        message.setIntProperty("seq", seq);
        message.setStringProperty(org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID.toString(),
                String.valueOf(seq));
        return message;
    }

    /** @return the sequence numbers the durable subscription holds, in delivery order (stops after 10 s of silence) */
    static List<Integer> drain(ActiveMQConnectionFactory factory) throws JMSException {
        List<Integer> received = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.setClientID(CLIENT_ID);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableSubscriber(session.createTopic(TOPIC), SUBSCRIPTION);
            connection.start();
            for (Message m = consumer.receive(10_000); m != null; m = consumer.receive(received.size() < MESSAGES
                    ? 10_000 : 500)) {
                received.add(m.getIntProperty("seq"));
            }
        }
        return received;
    }

    /** Count, first and last, duplicates, gaps and the first out-of-order position: a readable comparison. */
    static String describe(List<Integer> seqs) {
        long distinct = seqs.stream().distinct().count();
        List<Integer> missing = IntStream.range(0, MESSAGES).filter(i -> !seqs.contains(i)).limit(10).boxed().toList();
        int disorder = IntStream.range(1, seqs.size()).filter(i -> seqs.get(i) <= seqs.get(i - 1)).findFirst()
                .orElse(-1);
        return "count=" + seqs.size() + " distinct=" + distinct + " first=" + (seqs.isEmpty() ? null : seqs.get(0))
                + " last=" + (seqs.isEmpty() ? null : seqs.get(seqs.size() - 1)) + " missing(first 10)=" + missing
                + " firstOutOfOrderIndex=" + disorder;
    }

    /** @return whether the broker refused the transaction for a duplicate id (cause chain and linked exceptions) */
    static boolean isDuplicate(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++) {
            if (t instanceof ActiveMQDuplicateIdException || t instanceof ActiveMQException a
                    && a.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED) {
                return true;
            }
            t = t.getCause() != null ? t.getCause() : t instanceof JMSException j ? j.getLinkedException() : null;
        }
        return false;
    }

    static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException e) {
            // the session may still be failing over; the next send or commit tells
        }
    }

    /** {@code addressConfigurations."<name>".<suffix> = value} of broker.properties, by name (queue: its name). */
    static Map<String, String> declared(String suffix) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ArtemisPair.BROKER_PROPERTIES)) {
            properties.load(in);
        }
        Pattern key = Pattern.compile("addressConfigurations\\.\"([^\"]+)\"\\." + suffix);
        Pattern queue = Pattern.compile("queueConfigs\\.\"([^\"]+)\"");
        Map<String, String> result = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            Matcher m = key.matcher(name);
            if (m.matches()) {
                Matcher q = queue.matcher(name);
                result.put(q.find() ? q.group(1) + "@" + m.group(1) : m.group(1), properties.getProperty(name).trim());
            }
        }
        return result;
    }

    static Map<String, String> expected(Map<String, String> addresses, Map<String, String> queues) {
        Map<String, String> result = new TreeMap<>();
        addresses.forEach((name, types) -> result.put("address " + name, types));
        queues.forEach((name, type) -> result.put("queue " + name, type));
        return result;
    }

    /** What the active broker reports for the same names, in the form of {@link #expected}. */
    static Map<String, String> existing(String url, Map<String, String> addresses, Map<String, String> queues)
            throws Exception {
        Map<String, String> result = new TreeMap<>();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url);
             ClientSessionFactory sessions = locator.createSessionFactory();
             ClientSession session = sessions.createSession(ArtemisPair.USER, ArtemisPair.PASSWORD, false, true,
                     true, false, 0)) {
            for (String name : addresses.keySet()) {
                ClientSession.AddressQuery query = session.addressQuery(SimpleString.of(name));
                result.put("address " + name, !query.isExists() ? "missing" : query.isSupportsAnycast()
                        ? (query.isSupportsMulticast() ? "ANYCAST,MULTICAST" : "ANYCAST") : "MULTICAST");
            }
            for (String name : queues.keySet()) {
                String[] queueAtAddress = name.split("@");
                ClientSession.QueueQuery query = session.queueQuery(SimpleString.of(queueAtAddress[0]));
                boolean ok = query.isExists() && query.isDurable()
                        && query.getAddress().toString().equals(queueAtAddress[1]);
                result.put("queue " + name, ok ? query.getRoutingType().toString() : "missing or not durable");
            }
        }
        return result;
    }

    /** What happened during {@link #produce}: durations from the kill, counts of re-sent and refused transactions. */
    static final class ProducerRun {
        Duration backupActive = Duration.ZERO;
        Duration clientFailover = Duration.ZERO;
        Duration firstCommitAfterKill;
        int resent;
        int duplicates;
    }
}
