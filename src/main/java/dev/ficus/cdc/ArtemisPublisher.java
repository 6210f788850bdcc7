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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Sends canonical events to Artemis, one durable message each, and returns only once the broker has it.
 *
 * <p>Each event goes to the multicast address named by its type (a JMS topic), as a {@code TextMessage} whose body
 * is the CloudEvent JSON (structured mode), {@code PERSISTENT}, with {@code JMSXGroupID} = the entity
 * ({@code <table>/<key>}) and Artemis's duplicate-detection property {@code _AMQ_DUPL_ID} = the CloudEvents id
 * ({@link EventHeaders}), so a change re-sent after a crash is dropped by the broker. Sends are synchronous
 * (Artemis's {@code blockOnDurableSend}, the client default): {@link #publish} returning means the broker has stored
 * it.
 *
 * <p>When the broker cannot be reached the send is retried, with a pause doubling up to {@code retryMaxMs}, until
 * it succeeds or {@link #stop()} is called; the caller (the capture) therefore does not advance meanwhile.
 * Used by one thread at a time.
 */
final class ArtemisPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArtemisPublisher.class);

    private final ConnectionFactory factory;
    private final long retryMaxMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final Map<String, Topic> topics = new HashMap<>();
    private volatile boolean stopping;
    private volatile boolean brokerReachable = true;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    ArtemisPublisher(ConnectionFactory factory, long retryMaxMs) {
        this.factory = factory instanceof CachingConnectionFactory caching && caching.getTargetConnectionFactory()
                != null ? caching.getTargetConnectionFactory() : factory;
        this.retryMaxMs = Math.max(10, retryMaxMs);
        if (this.factory instanceof org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory artemis
                && !artemis.isBlockOnDurableSend()) {
            throw new IllegalStateException("the Artemis connection factory does not block on durable sends; "
                    + "change data capture needs blockOnDurableSend=true to commit offsets only after the broker has "
                    + "the message");
        }
    }

    /**
     * Sends one event and waits for the broker's acknowledgement, retrying while the broker is unreachable.
     *
     * @param event the event
     * @throws InterruptedException when {@link #stop()} was called (or the thread interrupted) before it was sent
     */
    void publish(CanonicalEvent event) throws InterruptedException {
        long pause = 50;
        while (true) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("change data capture is stopping; event " + event.id() + " not sent");
            }
            try {
                send(event);
                if (!brokerReachable) {
                    log.info("Artemis reachable again; change data capture resumes");
                    brokerReachable = true;
                }
                return;
            } catch (JMSException | RuntimeException e) {
                if (brokerReachable) {
                    log.warn("Cannot publish change event {} to Artemis ({}); capture paused, retrying",
                            event.type(), e.getMessage());
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

    /** Ends any retry loop; {@link #publish} then throws {@link InterruptedException}. */
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

    private void send(CanonicalEvent event) throws JMSException {
        if (connection == null) {
            connection = factory.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            topics.clear();
        }
        TextMessage message = session.createTextMessage(event.json());
        message.setStringProperty(EventHeaders.DUPLICATE_ID, event.id());
        message.setStringProperty(EventHeaders.GROUP_ID, event.groupId());
        message.setJMSType(event.type());
        Topic topic = topics.computeIfAbsent(event.type(), type -> {
            try {
                return session.createTopic(type);
            } catch (JMSException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        producer.send(topic, message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
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
