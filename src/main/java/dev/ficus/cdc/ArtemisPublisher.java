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
 * broker has confirmed every message of the batch.
 *
 * <p>Each event goes to the multicast address named by its type (a JMS topic), as a {@code TextMessage} whose body
 * is the CloudEvent JSON (structured mode), {@code PERSISTENT}, with {@code JMSXGroupID} = the entity
 * ({@code <table>/<key>}) and Artemis's duplicate-detection property {@code _AMQ_DUPL_ID} = the CloudEvents id
 * ({@link EventHeaders}), so a change re-sent after a crash is dropped by the broker, message by message.
 *
 * <p>The messages of a batch are sent asynchronously, in order, on one producer (JMS 2.0 {@code CompletionListener};
 * Artemis calls it once the durable message is stored), so the broker's journal syncs many of them at once; then
 * {@link #publish(List)} waits for every confirmation, at most {@code confirmTimeoutMs}. (Not one transacted commit:
 * Artemis refuses a whole transaction when any of its messages is a duplicate, which is exactly the case of a batch
 * replayed after a crash.) Producer flow control (the producer window) slows the sender when the broker is slow or
 * its address is full with {@code BLOCK}, so the capture backs off instead of piling up messages.
 *
 * <p>When a send fails, the broker cannot be reached or a confirmation does not come in time, the batch is sent
 * again from its first unconfirmed message, with a pause doubling up to {@code retryMaxMs}, until every message is
 * confirmed or {@link #stop()} is called; the caller (the capture) therefore does not advance meanwhile. Used by one
 * thread at a time.
 */
final class ArtemisPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArtemisPublisher.class);

    /** Bytes the broker may receive before it confirms them (Artemis {@code confirmationWindowSize}). */
    static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private final ConnectionFactory factory;
    private final long retryMaxMs;
    private final long confirmTimeoutMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Map<String, Topic> topics = new HashMap<>();
    private volatile boolean stopping;
    private volatile boolean brokerReachable = true;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    /**
     * @param factory          connection factory of the broker (a Spring caching wrapper is unwrapped)
     * @param retryMaxMs       longest pause between two attempts, ms
     * @param confirmTimeoutMs longest wait for the broker's confirmation of a batch, ms
     */
    ArtemisPublisher(ConnectionFactory factory, long retryMaxMs, long confirmTimeoutMs) {
        ConnectionFactory target = factory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : factory;
        this.factory = withConfirmationWindow(target);
        this.retryMaxMs = Math.max(10, retryMaxMs);
        this.confirmTimeoutMs = Math.max(100, confirmTimeoutMs);
    }

    /**
     * Artemis calls a {@code CompletionListener} asynchronously only when the connection has a confirmation window;
     * without one (its default, -1) each durable send silently blocks until the broker answers. The publisher
     * therefore uses its own copy of Artemis's factory, same URL and credentials, with a window of
     * {@value #CONFIRMATION_WINDOW_BYTES} bytes.
     */
    private static ConnectionFactory withConfirmationWindow(ConnectionFactory factory) {
        if (!(factory instanceof ActiveMQConnectionFactory artemis)) {
            return factory;
        }
        try {
            ActiveMQConnectionFactory own = new ActiveMQConnectionFactory(artemis.toURI().toString(),
                    artemis.getUser(), artemis.getPassword());
            own.setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES);
            return own;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot derive the change data capture's connection factory from "
                    + "Artemis's: " + e.getMessage(), e);
        }
    }

    /**
     * Sends the events in order and waits until the broker confirmed each, retrying while it cannot.
     *
     * @param events the batch's events, in commit order
     * @throws InterruptedException when {@link #stop()} was called (or the thread interrupted) before every event was
     *                              confirmed
     */
    void publish(List<CanonicalEvent> events) throws InterruptedException {
        long pause = 50;
        int from = 0;
        while (from < events.size()) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("change data capture is stopping; " + (events.size() - from)
                        + " events not confirmed");
            }
            Confirmations confirmations = null;
            try {
                confirmations = sendAll(events, from);
                int confirmed = confirmations.await(confirmTimeoutMs);
                from += confirmed;
                if (confirmations.failure() != null) {
                    throw confirmations.failure();
                }
                if (from < events.size()) {
                    throw new JMSException("Artemis confirmed " + confirmed + " of " + confirmations.size()
                            + " messages within " + confirmTimeoutMs + " ms");
                }
                if (!brokerReachable) {
                    log.info("Artemis reachable again; change data capture resumes");
                    brokerReachable = true;
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException interrupted) {
                    throw interrupted;
                }
                if (brokerReachable) {
                    log.warn("Cannot publish change events to Artemis ({}); capture paused, retrying from event {}",
                            e.getMessage(), events.get(from).id());
                    brokerReachable = false;
                }
                closeQuietly();
                awaitStopOrTimeout(pause);
                pause = Math.min(retryMaxMs, pause * 2);
            }
        }
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

    private Confirmations sendAll(List<CanonicalEvent> events, int from) throws JMSException {
        if (connection == null) {
            connection = factory.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            topics.clear();
        }
        Confirmations confirmations = new Confirmations(events.size() - from);
        for (int i = from; i < events.size(); i++) {
            CanonicalEvent event = events.get(i);
            TextMessage message = session.createTextMessage(event.json());
            message.setStringProperty(EventHeaders.DUPLICATE_ID, event.id());
            message.setStringProperty(EventHeaders.GROUP_ID, event.groupId());
            message.setJMSType(event.type());
            producer.send(topic(event.type()), message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY,
                    Message.DEFAULT_TIME_TO_LIVE, confirmations.listener(i - from));
        }
        return confirmations;
    }

    private Topic topic(String type) {
        return topics.computeIfAbsent(type, name -> {
            try {
                return session.createTopic(name);
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
        session = null;
        producer = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException ignored) {
                // the broker is gone; the next send opens a new connection
            }
        }
    }
}
