package dev.ficus.pos;

import static dev.ficus.pos.SecuredBroker.CHANGES_READER;
import static dev.ficus.pos.SecuredBroker.EVENTS_READER;
import static dev.ficus.pos.SecuredBroker.READER_PASSWORD;
import static dev.ficus.pos.SecuredBroker.TILL;
import static dev.ficus.pos.SecuredBroker.TILL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.platform.ArtemisBrokerConfiguration;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.RawMqtt;
import dev.ficus.testsupport.RawStomp;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker as Ficus configures it with broker users ({@link SecuredBroker}), reached over TCP with each
 * protocol's own client: STOMP raw frames, MQTT 3.1.1 raw packets, AMQP 1.0 (Qpid JMS), CORE (Artemis JMS) and
 * OpenWire (ActiveMQ client). Nobody gets in without a valid login, and a till (role {@code pos-producer}) can send
 * to {@code pos.inbound} and nothing else: it can neither read the queue nor forge a posting or a change event.
 */
class PosBrokerSecurityIT {

    static final int PORT = FreePorts.next();
    static final byte[] DOCUMENT = "<POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\"/>"
            .getBytes(StandardCharsets.UTF_8);
    static SecuredBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = SecuredBroker.start(FicusTestOptions.tempDir("ficus-broker-security"),
                SecuredBroker.properties(PORT, new ArtemisBrokerConfiguration.Tls(null, null, null)),
                BrokerPropertiesFileTest.posProperties());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    /** One JMS client per protocol: name -> (user or null, password) -> factory. */
    static Map<String, Function<String[], ConnectionFactory>> jmsClients() {
        String tcp = "tcp://127.0.0.1:" + PORT;
        return Map.of(
                "CORE", login -> login[0] == null ? new ActiveMQConnectionFactory(tcp)
                        : new ActiveMQConnectionFactory(tcp, login[0], login[1]),
                "AMQP", login -> login[0] == null ? new JmsConnectionFactory("amqp://127.0.0.1:" + PORT)
                        : new JmsConnectionFactory(login[0], login[1], "amqp://127.0.0.1:" + PORT),
                "OPENWIRE", login -> login[0] == null ? new org.apache.activemq.ActiveMQConnectionFactory(tcp)
                        : new org.apache.activemq.ActiveMQConnectionFactory(login[0], login[1], tcp));
    }

    @Test
    void shouldRefuseAnonymousAndWrongPasswordsOnEveryProtocol() throws Exception {
        for (String[] login : new String[][] {{null, null}, {TILL, "wrong"}, {"nobody", TILL_PASSWORD}}) {
            String who = login[0] + "/" + login[1];
            try (RawStomp stomp = RawStomp.connect(PORT, login[0], login[1])) {
                assertThat(stomp.lastFrame()).as("STOMP " + who).doesNotStartWith("CONNECTED");
            }
            try (RawMqtt mqtt = RawMqtt.open(PORT)) {
                assertThat(mqtt.connect("till-x", login[0], login[1])).as("MQTT " + who)
                        .isNotEqualTo(RawMqtt.ACCEPTED);
            }
            jmsClients().forEach((protocol, factory) -> assertThatThrownBy(() -> {
                try (Connection connection = factory.apply(login).createConnection()) {
                    connection.start();
                    connection.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
                }
            }).as(protocol + " " + who).isInstanceOf(JMSException.class));
        }
    }

    @Test
    void shouldLetATillSendToTheInboundQueueOnEveryProtocol() throws Exception {
        long before = broker.messageCount("pos.inbound");
        try (RawStomp stomp = RawStomp.connect(PORT, TILL, TILL_PASSWORD)) {
            assertThat(stomp.connected()).as(stomp.lastFrame()).isTrue();
            assertThat(stomp.send("pos.inbound", "ANYCAST", "persistent:true\n", DOCUMENT)).startsWith("RECEIPT");
        }
        try (RawMqtt mqtt = RawMqtt.open(PORT)) {
            assertThat(mqtt.connect("till-0610-1", TILL, TILL_PASSWORD)).isEqualTo(RawMqtt.ACCEPTED);
            assertThat(mqtt.publishQos1("pos/inbound", DOCUMENT)).isTrue();
        }
        for (var client : jmsClients().entrySet()) {
            try (Connection connection = client.getValue().apply(new String[] {TILL, TILL_PASSWORD})
                    .createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("pos.inbound")).send(session.createTextMessage("<x/>"));
            }
        }

        assertThat(broker.messageCount("pos.inbound")).isEqualTo(before + 2 + jmsClients().size());
    }

    @Test
    void shouldRefuseATillThatReadsOrForgesOnEveryProtocol() throws Exception {
        try (RawStomp stomp = RawStomp.connect(PORT, TILL, TILL_PASSWORD)) {
            assertThat(stomp.subscribe("pos.inbound", "ANYCAST")).as("STOMP consume").startsWith("ERROR");
        }
        for (String forged : new String[] {"pos.posting", "retail.product.changed", "retail.pos.sale-completed"}) {
            try (RawStomp stomp = RawStomp.connect(PORT, TILL, TILL_PASSWORD)) {
                assertThat(stomp.send(forged, forged.equals("pos.posting") ? "ANYCAST" : "MULTICAST",
                        "persistent:true\n", DOCUMENT)).as("STOMP send to " + forged).startsWith("ERROR");
            }
            try (RawMqtt mqtt = RawMqtt.open(PORT)) {
                assertThat(mqtt.connect("till-0610-2", TILL, TILL_PASSWORD)).isEqualTo(RawMqtt.ACCEPTED);
                assertThat(mqtt.publishQos1(forged.replace('.', '/'), DOCUMENT)).as("MQTT publish to " + forged)
                        .isFalse();
            }
        }
        try (RawMqtt mqtt = RawMqtt.open(PORT)) {
            assertThat(mqtt.connect("till-0610-3", TILL, TILL_PASSWORD)).isEqualTo(RawMqtt.ACCEPTED);
            assertThat(mqtt.subscribe("pos/inbound")).as("MQTT subscribe").isEqualTo(0x80);
        }
        for (var client : jmsClients().entrySet()) {
            String protocol = client.getKey();
            ConnectionFactory till = client.getValue().apply(new String[] {TILL, TILL_PASSWORD});
            assertRefused(protocol + " consume pos.inbound", till, s -> s.createConsumer(s.createQueue("pos.inbound")));
            assertRefused(protocol + " send pos.posting", till, s -> send(s, s.createQueue("pos.posting")));
            assertRefused(protocol + " send change event", till,
                    s -> send(s, s.createTopic("retail.product.changed")));
            assertRefused(protocol + " send POS event", till,
                    s -> send(s, s.createTopic("retail.pos.sale-completed")));
        }
        assertThat(broker.messageCount("pos.posting")).isZero();
    }

    @Test
    void shouldLetEachConsumerReadOnlyItsOwnEvents() throws Exception {
        ConnectionFactory core = jmsClients().get("CORE").apply(new String[] {EVENTS_READER, READER_PASSWORD});
        try (Connection connection = core.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("retail.pos.sale-completed")).close();
        }
        assertRefused("pos-consumer reads change events", core,
                s -> s.createConsumer(s.createTopic("retail.product.changed")));
        assertRefused("pos-consumer sends", core, s -> send(s, s.createTopic("retail.pos.sale-completed")));
        assertRefused("pos-consumer reads pos.posting", core, s -> s.createConsumer(s.createQueue("pos.posting")));

        ConnectionFactory changes = jmsClients().get("AMQP").apply(new String[] {CHANGES_READER, READER_PASSWORD});
        try (Connection connection = changes.createConnection()) {
            connection.setClientID("catalog-test");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(session.createTopic("retail.product.changed"), "catalog").close();
        }
        assertRefused("change-consumer reads POS events", changes,
                s -> s.createConsumer(s.createTopic("retail.pos.sale-completed")));
        assertRefused("change-consumer sends", changes, s -> send(s, s.createTopic("retail.product.changed")));
    }

    interface SessionAction {
        void run(Session session) throws JMSException;
    }

    static void assertRefused(String what, ConnectionFactory factory, SessionAction action) {
        assertThatThrownBy(() -> {
            try (Connection connection = factory.createConnection()) {
                connection.start();
                action.run(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
            }
        }).as(what).isInstanceOf(JMSException.class);
    }

    /** A persistent send: every client waits for the broker's answer to it, so a refusal is thrown here. */
    static void send(Session session, Destination destination) throws JMSException {
        MessageProducer producer = session.createProducer(destination);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer.send(session.createTextMessage("{\"forged\":true}"));
    }

}
