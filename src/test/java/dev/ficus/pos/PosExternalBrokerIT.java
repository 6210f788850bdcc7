package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import dev.ficus.testsupport.RawMqtt;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ficus against an external Artemis broker configured only from the shipped {@code deploy/artemis/broker.properties}
 * (as {@code artemis run --properties} applies it), with the embedded broker switched off by {@code ficus.artemis.url}
 * alone: POS ingest publishes events, the file's diverts copy sales and returns into pos.posting and they are posted
 * to the RetailCore mimic; refused documents and documents the broker gives up on land in pos.inbound.DLQ; duplicate
 * detection drops a re-sent event; an MQTT till reaches the anycast queue. The file turns security on: Ficus logs in
 * with role {@code ficus}, the till with {@code pos-producer}, the test's own client with {@code admin}, and a till may
 * not forge a posting.
 */
// ficus.artemis.url is read by an EnvironmentPostProcessor, which sees @SpringBootTest properties (not
// @DynamicPropertySource ones); the broker's port comes from a system property set before the context starts.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ficus.artemis.url=tcp://localhost:${" + PosExternalBrokerIT.PORT_PROPERTY + "}",
            "ficus.artemis.user=" + PosExternalBrokerIT.FICUS, "ficus.artemis.password=" + PosExternalBrokerIT.SECRET})
class PosExternalBrokerIT {

    static final String PORT_PROPERTY = "ficus.it.external-broker-port";
    /** The broker's logins, as an operator creates them: Ficus (role ficus), a till, an operator (role admin). */
    static final String FICUS = "ficus";
    static final String TILL = "till-ext";
    static final String TILL_PASSWORD = "till-ext-secret";
    static final String OPERATOR = "ops";
    static final String SECRET = "broker-secret";
    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("extbroker");
    static final int BROKER_PORT = FreePorts.next();
    static final int MIMIC_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-external-broker");
    static final EmbeddedActiveMQ BROKER = startBroker();
    static final ActiveMQConnectionFactory CLIENT = new ActiveMQConnectionFactory("tcp://localhost:" + BROKER_PORT,
            OPERATOR, SECRET);
    static final AtomicInteger SEQ = new AtomicInteger(8000);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT)
                .embeddedBrokerId(30).withoutCdc().dataDir(DATA_DIR.resolve("ficus")).posDropOff().routesReloadOff()
                .registerIn(registry);
    }

    /**
     * A broker as an operator runs it: persistent journal, one multi-protocol acceptor, and everything else from the
     * shipped file, passed as the broker-properties location like {@code artemis run --properties <file>}.
     */
    static EmbeddedActiveMQ startBroker() {
        try {
            ConfigurationImpl configuration = new ConfigurationImpl();
            configuration.setPersistenceEnabled(true).setJournalType(JournalType.NIO)
                    .setJournalDirectory(DATA_DIR.resolve("broker/journal").toString())
                    .setBindingsDirectory(DATA_DIR.resolve("broker/bindings").toString())
                    .setPagingDirectory(DATA_DIR.resolve("broker/paging").toString())
                    .setLargeMessagesDirectory(DATA_DIR.resolve("broker/large-messages").toString());
            configuration.addAcceptorConfiguration("artemis",
                    "tcp://127.0.0.1:" + BROKER_PORT + "?protocols=CORE,AMQP,STOMP,MQTT,OPENWIRE");
            SecurityConfiguration logins = new SecurityConfiguration();
            for (String[] user : new String[][] {{FICUS, SECRET, "ficus"}, {TILL, TILL_PASSWORD, "pos-producer"},
                    {OPERATOR, SECRET, "admin"}}) {
                logins.addUser(user[0], user[1]);
                logins.addRole(user[0], user[2]);
            }
            // security itself (securityEnabled, the roles of each address) comes from the file
            EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(configuration)
                    .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins))
                    .setPropertiesResourcePath(BrokerPropertiesFileTest.FILE.toAbsolutePath().toString());
            broker.start();
            System.setProperty(PORT_PROPERTY, String.valueOf(BROKER_PORT));
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the external test broker", e);
        }
    }

    @AfterAll
    static void disconnect() {
        CLIENT.close();
        System.clearProperty(PORT_PROPERTY);
    }

    /**
     * Stops the broker when the context closes, after everything else in it has stopped (lowest phase), so Ficus
     * never keeps reconnecting to a stopped broker while it shuts down.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class StopTheBrokerLast {
        @Bean
        SmartLifecycle externalTestBroker() {
            return new SmartLifecycle() {
                @Override
                public void start() {
                }

                @Override
                public void stop() {
                    try {
                        BROKER.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot stop the external test broker", e);
                    }
                }

                @Override
                public boolean isRunning() {
                    return BROKER.getActiveMQServer().isStarted();
                }

                @Override
                public int getPhase() {
                    return Integer.MIN_VALUE;
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    PosIngest posIngest;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate legacyDb = new JdbcTemplate(LEGACY_DB.dataSource());

    static ActiveMQServer server() {
        return BROKER.getActiveMQServer();
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for RetailCore (the mimic) to record the posted transaction; @return its pos_sale row's txn_type. */
    String postedType(String key) {
        // the mimic creates its tables on the first post
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> legacyDb.queryForObject(
                "SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?", Integer.class, key) >= 1);
        assertThat(legacyDb.queryForObject("SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                Integer.class, key)).isEqualTo(1);
        return legacyDb.queryForObject("SELECT txn_type FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                String.class, key);
    }

    @Test
    void shouldRunOnTheExternalBrokerWhoseQueuesComeFromTheFile() {
        assertThat(context.getBeansOfType(EmbeddedActiveMQ.class)).isEmpty();
        assertThat(context.getBeansOfType(PosBrokerConfiguration.class)).isEmpty();
        assertThat(server().getStatus()).contains("\"errors\":[]");
        for (String name : new String[] {"pos.inbound", "pos.inbound.DLQ", "pos.posting", "pos.posting.DLQ"}) {
            Queue queue = server().locateQueue(name);
            assertThat(queue).as(name).isNotNull();
            assertThat(queue.isConfigurationManaged()).as(name + " declared by the file").isTrue();
            assertThat(queue.isDurable()).as(name).isTrue();
        }
        assertThat(server().locateQueue("pos.inbound").getConsumerCount()).as("Ficus consumes pos.inbound")
                .isEqualTo(context.getBean(PosProperties.class).queueConsumers());
    }

    @Test
    void shouldPublishASaleAndAReturnPostedOverHttpAndPostBothToRetailCoreThroughTheDiverts() throws Exception {
        int sale = SEQ.incrementAndGet();
        int ret = SEQ.incrementAndGet();
        long copiedBefore = server().locateQueue("pos.posting").getMessagesAdded();
        try (JMSContext jms = CLIENT.createContext();
             JMSConsumer sales = jms.createConsumer(jms.createTopic("retail.pos.sale-completed"),
                     "FicusPosKey = '" + PosIngestIT.key(sale) + "'");
             JMSConsumer returns = jms.createConsumer(jms.createTopic("retail.pos.return-completed"),
                     "FicusPosKey = '" + PosIngestIT.key(ret) + "'")) {

            HttpResponse<String> response = post(PosIngestIT.poslog(PosIngestIT.sale(sale)
                    + PosPostingIT.returnTx(ret)));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(json.readTree(response.body()).get("published").asInt()).isEqualTo(2);
            TextMessage saleEvent = (TextMessage) sales.receive(15_000);
            assertThat(saleEvent).isNotNull();
            assertThat(json.readTree(saleEvent.getText()).at("/data/totals/total/amount").asText()).isEqualTo("9.90");
            TextMessage returnEvent = (TextMessage) returns.receive(15_000);
            assertThat(returnEvent).isNotNull();
            assertThat(json.readTree(returnEvent.getText()).get("subject").asText()).isEqualTo(PosIngestIT.key(ret));
        }
        assertThat(postedType(PosIngestIT.key(sale))).isEqualTo("SALE");
        assertThat(postedType(PosIngestIT.key(ret))).isEqualTo("RETURN");
        assertThat(server().locateQueue("pos.posting").getMessagesAdded() - copiedBefore).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterARefusedDocumentWithItsReason() throws Exception {
        byte[] wrongRoot = ("<Sales><Sale>" + SEQ.incrementAndGet() + "</Sale></Sales>")
                .getBytes(StandardCharsets.UTF_8);
        try (JMSContext jms = CLIENT.createContext();
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("pos.inbound.DLQ"),
                     "FicusPosChannel = 'queue' AND FicusPosReason = 'wrong-root'")) {

            jms.createProducer().send(jms.createQueue("pos.inbound"), wrongRoot);

            BytesMessage dead = (BytesMessage) dlq.receive(15_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getBody(byte[].class)).isEqualTo(wrongRoot);
            assertThat(dead.getStringProperty("FicusPosScope")).isEqualTo("document");
            assertThat(dead.getStringProperty("FicusPosReasonDetail")).isNotBlank();
        }
    }

    @Test
    void shouldLetTheBrokerDeadLetterADocumentAfterTheConfiguredDeliveryAttempts() throws Exception {
        int seq = SEQ.incrementAndGet();
        String marker = "attempts-" + seq;
        double receivedBefore = received();
        // Ficus cannot check its idempotency keys while their table is away, so every delivery fails
        legacyDb.execute("ALTER TABLE ficus." + PosConfiguration.TABLE + " RENAME TO pos_processed_away");
        try (JMSContext jms = CLIENT.createContext();
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("pos.inbound.DLQ"),
                     "FicusItMarker = '" + marker + "'")) {
            BytesMessage document = jms.createBytesMessage();
            document.writeBytes(PosIngestIT.poslog(PosIngestIT.sale(seq)).getBytes(StandardCharsets.UTF_8));
            document.setStringProperty("FicusItMarker", marker);

            jms.createProducer().send(jms.createQueue("pos.inbound"), document);

            // redelivered after 1, 2, 4 and 8 s (redeliveryDelay doubling), then moved by the broker
            BytesMessage dead = (BytesMessage) dlq.receive(60_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo("pos.inbound");
            assertThat(dead.getStringProperty("FicusPosReason")).as("moved by the broker, not Ficus").isNull();
        } finally {
            legacyDb.execute("ALTER TABLE ficus.pos_processed_away RENAME TO " + PosConfiguration.TABLE);
        }
        assertThat(received() - receivedBefore).as("deliveries of the document").isEqualTo(5);
    }

    private double received() {
        return meters.counter("ficus.pos.received", "channel", "queue").count();
    }

    @Test
    void shouldDropASecondSendOfTheSameEventByDuplicateDetection() throws Exception {
        int seq = SEQ.incrementAndGet();
        PosEvent event = PosIngestIT.event(PosIngestIT.sale(seq));
        long copiedBefore = server().locateQueue("pos.posting").getMessagesAdded();
        try (JMSContext jms = CLIENT.createContext();
             JMSConsumer sales = jms.createConsumer(jms.createTopic("retail.pos.sale-completed"),
                     "FicusPosKey = '" + PosIngestIT.key(seq) + "'")) {

            posIngest.publish(event);
            posIngest.publish(event); // the crash window: sent, key not recorded, sent again

            assertThat(sales.receive(15_000)).isNotNull();
            assertThat(sales.receive(1_000)).isNull();
        }
        assertThat(postedType(PosIngestIT.key(seq))).isEqualTo("SALE");
        assertThat(server().locateQueue("pos.posting").getMessagesAdded() - copiedBefore).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnonymousClientsAndATillThatForgesAPosting() throws Exception {
        try (RawMqtt anonymous = RawMqtt.open(BROKER_PORT)) {
            assertThat(anonymous.connect("anonymous", null, null)).isNotEqualTo(RawMqtt.ACCEPTED);
        }
        var till = new ActiveMQConnectionFactory("tcp://localhost:" + BROKER_PORT, TILL, TILL_PASSWORD);
        for (String forged : new String[] {"pos.posting", "retail.pos.sale-completed"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (JMSContext jms = till.createContext()) {
                    jms.createProducer().send(forged.equals("pos.posting") ? jms.createQueue(forged)
                            : jms.createTopic(forged), "{\"forged\":true}");
                }
            }).as(forged).isInstanceOf(jakarta.jms.JMSRuntimeException.class).hasMessageContaining("permission");
        }
        till.close();
    }

    @Test
    void shouldIngestAPosLogPublishedOverMqttToTopicPosInbound() throws Exception {
        int seq = SEQ.incrementAndGet();
        byte[] doc = PosIngestIT.poslog(PosIngestIT.sale(seq)).getBytes(StandardCharsets.UTF_8);
        try (JMSContext jms = CLIENT.createContext();
             JMSConsumer sales = jms.createConsumer(jms.createTopic("retail.pos.sale-completed"),
                     "FicusPosKey = '" + PosIngestIT.key(seq) + "'");
             RawMqtt till = RawMqtt.open(BROKER_PORT)) {
            assertThat(till.connect("till-ext-" + seq, TILL, TILL_PASSWORD)).isEqualTo(RawMqtt.ACCEPTED);
            assertThat(till.publishQos1("pos/inbound", doc)).as("PUBACK").isTrue();

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            JsonNode ce = json.readTree(event.getText());
            assertThat(ce.get("subject").asText()).isEqualTo(PosIngestIT.key(seq));
        }
    }

    /** GET {@code /admin/dead-letters...} on Ficus (open to this loopback caller: no operator credential here). */
    JsonNode admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/admin/dead-letters" + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    JsonNode deadLetter(String marker, String notId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode messages = admin("GET", "/pos.inbound.DLQ/messages?q=" + marker, null).get("messages");
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).get("id").asText()).isNotEqualTo(notId);
            found[0] = messages.get(0);
        });
        return found[0];
    }

    @Test
    void shouldCountReadResendAndDiscardDeadLettersOnTheExternalBrokerThroughTheAdminApi() throws Exception {
        String marker = "admin-api-" + SEQ.incrementAndGet();
        byte[] wrongRoot = ("<Sales><Sale>" + marker + "</Sale></Sales>").getBytes(StandardCharsets.UTF_8);
        try (JMSContext jms = CLIENT.createContext()) {
            jms.createProducer().send(jms.createQueue("pos.inbound"), wrongRoot);
        }
        JsonNode refused = deadLetter(marker, null);
        String id = refused.get("id").asText();
        assertThat(refused.get("reason").asText()).isEqualTo("wrong-root");
        JsonNode inbound = admin("GET", "", null).get("queues").get(0);
        assertThat(inbound.get("name").asText()).isEqualTo("pos.inbound.DLQ");
        assertThat(inbound.get("messages").asLong())
                .isEqualTo(server().locateQueue("pos.inbound.DLQ").getMessageCount()).isPositive();
        assertThat(admin("GET", "/pos.inbound.DLQ/messages/" + id, null).get("body").asText()
                .getBytes(StandardCharsets.UTF_8)).isEqualTo(wrongRoot);

        admin("POST", "/pos.inbound.DLQ/resend", "{\"ids\":[\"" + id + "\"]}");
        String again = deadLetter(marker, id).get("id").asText();
        JsonNode discarded = admin("POST", "/pos.inbound.DLQ/discard",
                "{\"ids\":[\"" + again + "\"],\"reason\":\"not a POSLog\"}");

        assertThat(discarded.get("discarded").get(0).asText()).isEqualTo(again);
        assertThat(admin("GET", "/pos.inbound.DLQ/messages?q=" + marker, null).get("messages")).isEmpty();
        JsonNode audit = admin("GET", "/audit?limit=2", null).get("audit");
        assertThat(audit).extracting(row -> row.get("action").asText()).containsExactly("discard", "resend");
        assertThat(audit).extracting(row -> row.get("principal").asText())
                .allSatisfy(principal -> assertThat(principal).startsWith("loopback:"));
    }
}
