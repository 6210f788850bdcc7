package dev.ficus.cdc;

import dev.ficus.platform.events.EventHeaders;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Sends canonical events to Artemis, one durable message each, a whole batch at a time, and returns only once the
 * broker has stored every message of the batch.
 *
 * <p>Each event goes to the multicast address named by its type (a JMS topic), as a {@code TextMessage} whose body
 * is the CloudEvent JSON (structured mode), {@code PERSISTENT}, with {@code JMSXGroupID} = the entity
 * ({@code <table>/<key>}) and Artemis's duplicate-detection property {@code _AMQ_DUPL_ID} = the CloudEvents id
 * ({@link EventHeaders}).
 *
 * <p>A batch is one transaction: its messages are sent in order (Artemis sends them without waiting) and committed
 * at once, so the broker syncs its journal once per batch, and stores either all of the batch or none of it. A batch
 * is therefore never delivered with a hole that a retry would fill later, out of order — what asynchronous
 * confirmed sends can leave behind when the primary of a replicated pair dies in the middle of a batch. When the
 * commit fails (the broker unreachable, a failover to the backup, which rolls the transaction back) the batch goes
 * again, with a pause doubling up to {@code retryMaxMs}, until it is stored or {@link #stop()} is called; the caller
 * (the capture) does not advance meanwhile.
 *
 * <p>Artemis refuses a whole transaction when one of its messages is a duplicate: exactly the case of a batch
 * replayed after a crash, or re-sent after a commit whose answer was lost in a failover. A batch whose attempt failed
 * in any way (refused, rolled back, the broker unreachable) is therefore sent again one message at a time, each send
 * waiting for the broker (non-transacted, blocking durable sends): the broker drops just the messages it already has,
 * and the others arrive in order. The next batch is a transaction again.
 * The connection factory is Artemis's own with a confirmation window of {@value #CONFIRMATION_WINDOW_BYTES} bytes,
 * so the client re-sends what the broker had not confirmed when it fails over. Used by one thread at a time.
 */
final class ArtemisPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArtemisPublisher.class);

    /** Bytes the broker may receive before it confirms them (Artemis {@code confirmationWindowSize}). */
    static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    /**
     * Bytes the publisher may send before the broker grants more (Artemis {@code producerWindowSize}). Artemis's
     * default, 64 KiB, is a few dozen change events: a wall-clock profile under pgbench with 16 clients showed the
     * publishing thread waiting for credits a third of the time while Debezium's queue was full.
     */
    static final int PRODUCER_WINDOW_BYTES = 1024 * 1024;

    private final ConnectionFactory factory;
    private final long retryMaxMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Map<String, Topic> topics = new HashMap<>();
    private volatile boolean stopping;
    private volatile boolean brokerReachable = true;
    private Connection connection;
    private Session transacted;
    private MessageProducer batchProducer;
    private Session plain;
    private MessageProducer oneByOneProducer;

    /**
     * @param factory          connection factory of the broker (a Spring caching wrapper is unwrapped)
     * @param retryMaxMs       longest pause between two attempts, ms
     * @param callTimeoutMs    longest wait for the broker's answer to a commit or a blocking send, ms; then the
     *                         batch goes again
     */
    ArtemisPublisher(ConnectionFactory factory, long retryMaxMs, long callTimeoutMs) {
        ConnectionFactory target = factory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : factory;
        this.factory = ownFactory(target, Math.max(100, callTimeoutMs));
        this.retryMaxMs = Math.max(10, retryMaxMs);
    }

    /**
     * The publisher's own copy of Artemis's factory (same URL, with any failover list, and credentials) with a
     * confirmation window of {@value #CONFIRMATION_WINDOW_BYTES} bytes (Artemis's default, -1, keeps no copy of what
     * it sent, so nothing could be re-sent on failover), a producer window of {@value #PRODUCER_WINDOW_BYTES} bytes
     * and the given call timeout.
     */
    private static ConnectionFactory ownFactory(ConnectionFactory factory, long callTimeoutMs) {
        if (!(factory instanceof ActiveMQConnectionFactory artemis)) {
            return factory;
        }
        try {
            ActiveMQConnectionFactory own = new ActiveMQConnectionFactory(artemis.toURI().toString(),
                    artemis.getUser(), artemis.getPassword());
            own.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
            own.setCallTimeout(callTimeoutMs);
            own.setProducerWindowSize(PRODUCER_WINDOW_BYTES);
            return own;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot derive the change data capture's connection factory from "
                    + "Artemis's: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the events on the broker, in order: one transaction, or one blocking send at a time after a rolled back
     * commit; retries until every event is stored.
     *
     * @param events the batch's events, in commit order
     * @throws InterruptedException when {@link #stop()} was called (or the thread interrupted) before the batch was
     *                              stored
     */
    void publish(List<CanonicalEvent> events) throws InterruptedException {
        long pause = 50;
        boolean oneByOne = false;
        while (true) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("change data capture is stopping; a batch of " + events.size()
                        + " events not stored");
            }
            try {
                if (oneByOne) {
                    sendOneByOne(events);
                } else {
                    sendInTransaction(events);
                }
                if (!brokerReachable) {
                    log.info("Artemis reachable again; change data capture resumes");
                    brokerReachable = true;
                }
                return;
            } catch (JMSException | RuntimeException e) {
                closeQuietly();
                // whatever part of the batch the broker stored is dropped as duplicates when sent again one by one,
                // and the rest arrives after it, in order
                boolean refused = !oneByOne && refusedAsDuplicate(e);
                oneByOne = true;
                if (refused) {
                    log.info("Artemis refused a batch of {} change events holding some it already has (a replay); "
                            + "sending it again one event at a time, duplicates dropped", events.size());
                    continue;
                }
                if (brokerReachable) {
                    log.warn("Cannot publish change events to Artemis ({}); capture paused, retrying the batch from "
                            + "event {}", e.getMessage(), events.get(0).id());
                    brokerReachable = false;
                }
                awaitStopOrTimeout(pause);
                pause = Math.min(retryMaxMs, pause * 2);
            }
        }
    }

    /**
     * A transaction holding a duplicate is refused as a whole: over the network as a rolled back commit, in-VM as the
     * duplicate-id error itself (Artemis {@code AMQ222059}/{@code DUPLICATE_ID_REJECTED}).
     */
    private static boolean refusedAsDuplicate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof TransactionRolledBackException || message.contains("Duplicate message detected")
                    || t.getClass().getSimpleName().equals("ActiveMQDuplicateIdException")) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code false} while sends fail */
    boolean brokerReachable() {
        return brokerReachable;
    }

    /** Makes a stopped publisher usable again (the engine starts anew, e.g. on a new leadership). */
    void open() {
        stopping = false;
    }

    /** Ends any retry loop; {@link #publish} then throws {@link InterruptedException} until {@link #open()}. */
    void stop() {
        stopping = true;
        lock.lock();
        try {
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stop();
        closeQuietly();
    }

    private void sendInTransaction(List<CanonicalEvent> events) throws JMSException {
        connect();
        for (CanonicalEvent event : events) {
            batchProducer.send(topic(event.type()), message(transacted, event), DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        }
        transacted.commit();
    }

    private void sendOneByOne(List<CanonicalEvent> events) throws JMSException {
        connect();
        for (CanonicalEvent event : events) {
            // blocking: Artemis answers once the message is stored, or dropped as a duplicate
            oneByOneProducer.send(topic(event.type()), message(plain, event), DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    private void connect() throws JMSException {
        if (connection == null) {
            connection = factory.createConnection();
            transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
            batchProducer = transacted.createProducer(null);
            plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            oneByOneProducer = plain.createProducer(null);
            topics.clear();
        }
    }

    private static TextMessage message(Session session, CanonicalEvent event) throws JMSException {
        TextMessage message = session.createTextMessage(event.json());
        message.setStringProperty(EventHeaders.DUPLICATE_ID, event.id());
        message.setStringProperty(EventHeaders.GROUP_ID, event.groupId());
        message.setJMSType(event.type());
        return message;
    }

    private Topic topic(String type) {
        return topics.computeIfAbsent(type, name -> {
            try {
                return plain.createTopic(name);
            } catch (JMSException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
    private void awaitStopOrTimeout(long ms) throws InterruptedException {
        lock.lock();
        try {
            if (!stopping) {
                stopped.await(ms, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        transacted = null;
        batchProducer = null;
        plain = null;
        oneByOneProducer = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException ignored) {
                // the broker is gone; the next send opens a new connection
            }
        }
    }
}
