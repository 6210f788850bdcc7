package dev.ficus.pos;

import static dev.ficus.pos.SecuredBroker.TILL;
import static dev.ficus.pos.SecuredBroker.TILL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ficus.platform.ArtemisBrokerConfiguration;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.RawStomp;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * What the broker promises about {@code pos.inbound} beyond who may use it, each on a real broker configured as
 * Ficus configures its embedded one ({@link SecuredBroker}): a document is kept whatever durability the client
 * asked for, the queue's budget refuses a producer with a clear error (policy FAIL), and the acceptor speaks TLS when
 * given a key store (made here with {@code keytool}).
 */
class PosBrokerLimitsIT {

    static final ArtemisBrokerConfiguration.Tls NO_TLS = new ArtemisBrokerConfiguration.Tls(null, null, null);

    @Test
    void shouldKeepNonPersistentDocumentsOfEveryProtocolAcrossABrokerRestart() throws Exception {
        Path data = FicusTestOptions.tempDir("ficus-durable-inbound");
        int port = FreePorts.next();
        PosProperties pos = BrokerPropertiesFileTest.posProperties();
        try (SecuredBroker broker = SecuredBroker.start(data, SecuredBroker.properties(port, NO_TLS), pos)) {
            try (RawStomp stomp = RawStomp.connect(port, TILL, TILL_PASSWORD)) {
                for (int i = 0; i < 5; i++) {   // no persistent header: STOMP's default is non-persistent
                    assertThat(stomp.send("pos.inbound", "ANYCAST", "", document(i))).startsWith("RECEIPT");
                }
            }
            for (jakarta.jms.ConnectionFactory factory : List.of(
                    new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, TILL, TILL_PASSWORD),
                    new JmsConnectionFactory(TILL, TILL_PASSWORD, "amqp://127.0.0.1:" + port),
                    new org.apache.activemq.ActiveMQConnectionFactory(TILL, TILL_PASSWORD, "tcp://127.0.0.1:" + port))) {
                try (Connection connection = factory.createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("pos.inbound"));
                    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    for (int i = 0; i < 5; i++) {
                        producer.send(session.createBytesMessage());
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("pos.inbound") == 20);
            assertThat(broker.durableMessageCount("pos.inbound")).isEqualTo(20);
        }

        // a non-durable message does not survive even a clean stop; these were made durable, so all come back
        try (SecuredBroker broker = SecuredBroker.start(data, SecuredBroker.properties(port, NO_TLS), pos)) {
            assertThat(broker.messageCount("pos.inbound")).isEqualTo(20);
        }
    }

    @Test
    void shouldRefuseASendOverTheByteBudgetWithAClearErrorWhenThePolicyIsFail() throws Exception {
        byte[] document = new byte[60 * 1024];   // under Artemis's large-message size: counted in bytes
        Arrays.fill(document, (byte) 'x');
        PosProperties.Broker budget = new PosProperties.Broker(300 * 1024, 1000, PosProperties.FullPolicy.FAIL,
                1024 * 1024, 4 * 1024 * 1024);

        assertRefusedBeyond(budget, document, 3, 6);
    }

    @Test
    void shouldRefuseLargeDocumentsBeyondTheMessageBudget() throws Exception {
        byte[] megabyte = new byte[1024 * 1024];   // a large message: Artemis counts only its headers in bytes
        Arrays.fill(megabyte, (byte) 'x');
        PosProperties.Broker budget = new PosProperties.Broker(100 * 1024 * 1024, 3, PosProperties.FullPolicy.FAIL,
                1024 * 1024, 4 * 1024 * 1024);

        assertRefusedBeyond(budget, megabyte, 3, 3);
    }

    /**
     * Sends over STOMP until refused (Artemis's STOMP ERROR names the message and its address, not the reason), then
     * once over CORE, whose refusal says the address is full. (An AMQP producer is refused no message: the broker
     * gives it no more credit, so its send waits.)
     */
    static void assertRefusedBeyond(PosProperties.Broker budget, byte[] document, int minAccepted, int maxAccepted)
            throws Exception {
        int port = FreePorts.next();
        PosProperties pos = SecuredBroker.withBudget(BrokerPropertiesFileTest.posProperties(), budget);
        try (SecuredBroker broker = SecuredBroker.start(FicusTestOptions.tempDir("ficus-budget"),
                SecuredBroker.properties(port, NO_TLS), pos)) {
            String answer = "";
            int accepted = 0;
            try (RawStomp stomp = RawStomp.connect(port, TILL, TILL_PASSWORD)) {
                while (accepted < 20 && (answer = stomp.send("pos.inbound", "ANYCAST", "persistent:true\n",
                        document)).startsWith("RECEIPT")) {
                    accepted++;
                }
            }
            assertThat(accepted).as("documents taken").isBetween(minAccepted, maxAccepted);
            assertThat(answer).startsWith("ERROR").contains("AMQ339011 Error sending message")
                    .contains("address=pos.inbound");

            for (jakarta.jms.ConnectionFactory factory : List.of(
                    new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, TILL, TILL_PASSWORD))) {
                assertThatThrownBy(() -> {
                    try (Connection connection = factory.createConnection()) {
                        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        var message = session.createBytesMessage();
                        message.writeBytes(document);
                        session.createProducer(session.createQueue("pos.inbound")).send(message);
                    }
                }).as(factory.getClass().getSimpleName()).isInstanceOf(JMSException.class)
                        .hasMessageContaining("is full");
            }
            assertThat(broker.messageCount("pos.inbound")).isEqualTo(accepted);
        }
    }

    @Test
    void shouldSpeakTlsWhenAKeyStoreIsConfigured() throws Exception {
        Path dir = FicusTestOptions.tempDir("ficus-tls");
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "broker-secret", "-keypass", "broker-secret");
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "broker-secret",
                "-file", dir.resolve("broker.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve("broker.cer").toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", "trust-secret");
        int port = FreePorts.next();
        var tls = new ArtemisBrokerConfiguration.Tls(keystore.toString(), "broker-secret", "PKCS12");
        try (SecuredBroker broker = SecuredBroker.start(dir.resolve("data"), SecuredBroker.properties(port, tls),
                BrokerPropertiesFileTest.posProperties())) {
            var overTls = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?sslEnabled=true&trustStorePath="
                    + truststore + "&trustStorePassword=trust-secret&trustStoreType=PKCS12", TILL, TILL_PASSWORD);
            try (Connection connection = overTls.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("pos.inbound")).send(session.createTextMessage("<x/>"));
            }
            assertThat(broker.messageCount("pos.inbound")).isEqualTo(1);

            var plain = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?callTimeout=3000"
                    + "&initialConnectAttempts=1", TILL, TILL_PASSWORD);
            assertThatThrownBy(() -> plain.createConnection().close()).isInstanceOf(JMSException.class);
        }
    }

    static byte[] document(int i) {
        return ("<POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\"><!-- " + i + " --></POSLog>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool " + String.join(" ", args) + ": " + output).isZero();
    }
}
