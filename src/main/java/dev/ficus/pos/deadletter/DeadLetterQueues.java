package dev.ficus.pos.deadletter;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The dead-letter queues on the broker, through plain JMS on Ficus's own connection factory (the embedded broker
 * in-VM, or the external one of {@code ARTEMIS_URL}, with Ficus's credentials): each call opens a connection of its
 * own and closes it before it returns.
 *
 * <ul>
 *   <li>{@link #count}: Artemis's management attribute {@code messageCount} of the queue, asked with a JMS
 *       management message to {@value #MANAGEMENT_ADDRESS} (needs the {@code manage} permission there, which role
 *       {@code ficus} has); counted with a queue browser when the broker does not answer;</li>
 *   <li>{@link #browse}: a {@link QueueBrowser}, oldest first, nothing consumed;</li>
 *   <li>{@link #take}: one transacted session: each id is received with the selector {@code JMSMessageID = 'id'},
 *       resent (when a target is given) with a persistent producer in the same transaction, and the transaction is
 *       committed by the caller's completion, or rolled back when it throws.</li>
 * </ul>
 * Errors: {@link JMSException} when the broker cannot be reached or refuses.
 */
final class DeadLetterQueues {

    /** Artemis's default management address. */
    static final String MANAGEMENT_ADDRESS = "activemq.management";
    /** What a message id looks like: Artemis's {@code ID:<uuid>}, or another client's {@code ID:...} token. */
    static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9:._-]{1,200}");

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);
    private static final long MANAGEMENT_TIMEOUT_MS = 5_000;

    /** What receives a browsed message. */
    @FunctionalInterface
    interface Visitor {
        /** @param message the next message, oldest first */
        void visit(DeadLetterMessage message);
    }

    /** What ends a {@link #take}: do what goes with it (the audit), then {@code commit}; throw to roll back. */
    @FunctionalInterface
    interface Completion {
        /**
         * @param taken  the messages received (and resent) in the open transaction
         * @param commit commits it; throws {@link JMSRuntimeException} when the broker refuses the commit
         */
        void complete(List<DeadLetterMessage> taken, Runnable commit);
    }

    /**
     * @param taken   the messages removed (and resent), in the order asked
     * @param missing the ids asked that are not in the queue (or not message ids), in the order asked
     */
    record Taken(List<DeadLetterMessage> taken, List<String> missing) {
    }

    private final ConnectionFactory factory;

    /** @param factory Ficus's JMS connection factory (a Spring caching wrapper is unwrapped) */
    DeadLetterQueues(ConnectionFactory factory) {
        this.factory = factory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory() : factory;
    }

    /**
     * @param queue a queue name
     * @return messages in it
     * @throws JMSException when the broker cannot be reached
     */
    long count(String queue) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Long managed = managedCount(session, queue);
            if (managed != null) {
                return managed;
            }
            long[] n = {0};
            browse(session, queue, null, message -> n[0]++);
            return n[0];
        }
    }

    private static Long managedCount(Session session, String queue) {
        try {
            TemporaryQueue reply = session.createTemporaryQueue();
            try (MessageConsumer answers = session.createConsumer(reply);
                 MessageProducer requests = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS))) {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                request.setJMSReplyTo(reply);
                requests.send(request);
                Message answer = answers.receive(MANAGEMENT_TIMEOUT_MS);
                if (answer != null && JMSManagementHelper.hasOperationSucceeded(answer)
                        && JMSManagementHelper.getResult(answer) instanceof Number count) {
                    return count.longValue();
                }
                log.warn("the broker did not answer messageCount of {} ({}); counting with a browser", queue,
                        answer == null ? "no answer within " + MANAGEMENT_TIMEOUT_MS + " ms"
                                : JMSManagementHelper.getResult(answer));
            } finally {
                reply.delete();
            }
        } catch (Exception e) {
            log.warn("cannot ask the broker for messageCount of {}: {}; counting with a browser", queue,
                    e.toString());
        }
        return null;
    }

    /**
     * @param queue    a queue name
     * @param selector a JMS message selector, or {@code null} for every message
     * @param visitor  gets each message, oldest first
     * @throws JMSException when the broker cannot be reached
     */
    void browse(String queue, String selector, Visitor visitor) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            browse(connection.createSession(false, Session.AUTO_ACKNOWLEDGE), queue, selector, visitor);
        }
    }

    private static void browse(Session session, String queue, String selector, Visitor visitor)
            throws JMSException {
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                visitor.visit(snapshot((Message) messages.nextElement()));
            }
        }
    }

    /**
     * @param queue a queue name
     * @param id    a JMS message id
     * @return the message, or empty when it is not in the queue (or {@code id} is not a message id)
     * @throws JMSException when the broker cannot be reached
     */
    Optional<DeadLetterMessage> find(String queue, String id) throws JMSException {
        if (id == null || !MESSAGE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        List<DeadLetterMessage> found = new ArrayList<>(1);
        browse(queue, selector(id), found::add);
        return found.stream().findFirst();
    }

    /**
     * Removes the messages {@code ids} from {@code queue} and, when {@code resendTo} is given, sends each one there
     * ({@link Resend}), all in one transaction that {@code completion} commits.
     *
     * @param queue      the dead-letter queue
     * @param ids        JMS message ids, without duplicates
     * @param resendTo   the queue to resend to, or {@code null} to discard
     * @param completion runs with what was taken (not when nothing was) and commits
     * @return what was taken and what was missing
     * @throws JMSException             when the broker cannot be reached (nothing taken)
     * @throws IllegalArgumentException when a message to resend is neither bytes nor text (nothing taken)
     * @throws RuntimeException         what {@code completion} throws (nothing taken)
     */
    Taken take(String queue, List<String> ids, String resendTo, Completion completion) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            List<DeadLetterMessage> taken = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            try {
                MessageProducer producer = resendTo == null ? null
                        : session.createProducer(session.createQueue(resendTo));
                if (producer != null) {
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                }
                // consumers stay open until the transaction ends, so each received message stays in it
                List<MessageConsumer> consumers = new ArrayList<>();
                for (String id : ids) {
                    Message message = null;
                    if (MESSAGE_ID.matcher(id).matches()) {
                        MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector(id));
                        consumers.add(consumer);
                        message = consumer.receiveNoWait();
                    }
                    if (message == null) {
                        missing.add(id);
                        continue;
                    }
                    DeadLetterMessage letter = snapshot(message);
                    if (producer != null) {
                        producer.send(outgoing(session, Resend.of(letter)));
                    }
                    taken.add(letter);
                }
                if (!taken.isEmpty()) {
                    completion.complete(List.copyOf(taken), () -> commit(session));
                }
            } catch (JMSException | RuntimeException e) {
                rollbackQuietly(session);
                throw e;
            }
            return new Taken(List.copyOf(taken), List.copyOf(missing));
        }
    }

    private static void commit(Session session) {
        try {
            session.commit();
        } catch (JMSException e) {
            throw new JMSRuntimeException("the broker refused the commit: " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException e) {
            log.debug("rollback after a failed dead-letter action: {}", e.toString());
        }
    }

    /** @return the selector of one message id (already checked against {@link #MESSAGE_ID}: no quote in it) */
    static String selector(String id) {
        return "JMSMessageID = '" + id + "'";
    }

    private static Message outgoing(Session session, Resend resend) throws JMSException {
        Message out = switch (resend.kind()) {
            case BYTES -> {
                BytesMessage bytes = session.createBytesMessage();
                bytes.writeBytes(resend.body());
                yield bytes;
            }
            case TEXT -> session.createTextMessage(new String(resend.body(), StandardCharsets.UTF_8));
            default -> session.createMessage();
        };
        for (Map.Entry<String, Object> property : resend.properties().entrySet()) {
            try {
                out.setObjectProperty(property.getKey(), property.getValue());
            } catch (MessageFormatException e) {
                log.warn("property {} not resent: {}", property.getKey(), e.getMessage());
            }
        }
        return out;
    }

    /** @return the message's id, timestamp, properties and body */
    static DeadLetterMessage snapshot(Message message) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            Object value = message.getObjectProperty(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        DeadLetterMessage.Kind kind;
        byte[] body = null;
        if (message instanceof BytesMessage bytes) {
            kind = DeadLetterMessage.Kind.BYTES;
            bytes.reset();
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
        } else if (message instanceof TextMessage text) {
            kind = DeadLetterMessage.Kind.TEXT;
            body = text.getText() == null ? null : text.getText().getBytes(StandardCharsets.UTF_8);
        } else if (message instanceof MapMessage || message instanceof ObjectMessage
                || message instanceof StreamMessage) {
            kind = DeadLetterMessage.Kind.OTHER;
        } else {
            kind = DeadLetterMessage.Kind.EMPTY;
        }
        return new DeadLetterMessage(message.getJMSMessageID(), message.getJMSTimestamp(), properties, kind, body);
    }
}
