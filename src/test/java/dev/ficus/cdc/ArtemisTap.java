package dev.ficus.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;

/** A test consumer on Artemis's acceptor (CORE JMS client) subscribed to every {@code retail.#} address. */
final class ArtemisTap implements AutoCloseable {

    /** One received message: the CloudEvent and the JMS properties that matter. */
    record Received(JsonNode event, String duplicateId, String groupId, int deliveryMode, String address) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActiveMQConnectionFactory factory;
    private final JMSContext context;
    private final JMSConsumer consumer;
    final List<Received> received = new CopyOnWriteArrayList<>();

    ArtemisTap(int port, String addressPattern) {
        this(port, addressPattern, null, null);
    }

    /** A tap that logs in (user null: anonymous, for a broker without users). */
    ArtemisTap(int port, String addressPattern, String user, String password) {
        factory = new ActiveMQConnectionFactory("tcp://localhost:" + port, user, password);
        context = factory.createContext();
        consumer = context.createConsumer(context.createTopic(addressPattern));
        consumer.setMessageListener(this::onMessage);
    }

    private void onMessage(Message message) {
        try {
            received.add(new Received(JSON.readTree(((TextMessage) message).getText()),
                    message.getStringProperty("_AMQ_DUPL_ID"), message.getStringProperty("JMSXGroupID"),
                    message.getJMSDeliveryMode(), String.valueOf(message.getJMSDestination())));
        } catch (JMSException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to 30 s for a message whose CloudEvent matches. */
    Received await(Predicate<JsonNode> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).until(
                () -> received.stream().filter(r -> match.test(r.event())).findFirst().orElse(null),
                r -> r != null);
    }

    @Override
    public void close() {
        context.close();
        factory.close();
    }
}
