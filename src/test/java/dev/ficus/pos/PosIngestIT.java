package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end on the whole application: POSLog documents in over HTTP, the Artemis queue (JMS, AMQP 1.0 through
 * qpid-jms, STOMP raw frames) and the drop directory; canonical events out on the retail.pos.* addresses, bad input
 * in pos.inbound.DLQ, duplicates detected durably.
 */
// Closed after the class: a second embedded Artemis (server id 0) cannot run beside it in the same JVM.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PosIngestIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("pos");
    static final int ARTEMIS_PORT = FreePorts.next();
    static final int MIMIC_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-pos-data");
    static final Path DROP_DIR = DATA_DIR.resolve("pos-drop");
    static final AtomicInteger SEQ = new AtomicInteger(1000);
    static ActiveMQConnectionFactory broker;
    static JMSContext jms;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .withBrokerUsers().embeddedBrokerId(3).withoutCdc().dataDir(DATA_DIR)
                .set("pos.drop.directory", DROP_DIR)
                .set("pos.drop.poll-delay-ms", 200)
                .set("pos.drop.min-age-ms", 200)
                .routesReloadOff()
                .set("pos.stores.78.later-version-wins", true)
                .set("pos.stores.78.time-zone", "America/New_York")
                .registerIn(registry);
    }

    @BeforeAll
    static void connect() {
        broker = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT, FicusTestOptions.BROKER_ADMIN,
                FicusTestOptions.BROKER_SECRET);
    }

    @AfterAll
    static void disconnect() {
        if (jms != null) {
            jms.close();
        }
        broker.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PosIngest posIngest;
    @Autowired
    EmbeddedActiveMQ embeddedBroker;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate ficusDb = new JdbcTemplate(LEGACY_DB.dataSource());

    JMSContext jms() {
        if (jms == null) {
            jms = broker.createContext();
        }
        return jms;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PosIngestIT.class.getResourceAsStream("/pos/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A POSLog sale of 9.90 EUR in store 77 with a fresh sequence number. */
    static String sale(int seq) {
        return "<Transaction><RetailStoreID>77</RetailStoreID><WorkstationID>3</WorkstationID>"
                + "<SequenceNumber>" + seq + "</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate>"
                + "<CurrencyCode>EUR</CurrencyCode><RetailTransaction>"
                + "<LineItem><SequenceNumber>1</SequenceNumber><Sale><ItemID>A</ItemID><Description>Käse</Description>"
                + "<ExtendedAmount>9.00</ExtendedAmount></Sale></LineItem>"
                + "<LineItem><SequenceNumber>2</SequenceNumber><Tax><Amount>0.90</Amount></Tax></LineItem>"
                + "<LineItem><SequenceNumber>3</SequenceNumber><Tender TenderType=\"Cash\"><Amount>10.00</Amount>"
                + "<TenderChange><Amount>0.10</Amount></TenderChange></Tender></LineItem>"
                + "<Total TotalType=\"TransactionGrandAmount\">9.90</Total></RetailTransaction></Transaction>";
    }

    static String poslog(String transactions) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\">"
                + transactions + "</POSLog>";
    }

    static String key(int seq) {
        return "77/3/2024-03-01/" + seq;
    }

    JMSConsumer events(String type, String selector) {
        return jms().createConsumer(jms().createTopic(type), selector);
    }

    JMSConsumer deadLetters(String selector) {
        return jms().createConsumer(jms().createQueue("pos.inbound.DLQ"), selector);
    }

    HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return post(body, "application/xml");
    }

    HttpResponse<String> post(byte[] body, String contentType) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<EncodedPosLogs> encodings() {
        return EncodedPosLogs.all();
    }

    /** The published sale's description, or a failure naming what came back instead. */
    String publishedDescription(JMSConsumer sales, String answer) throws Exception {
        TextMessage event = (TextMessage) sales.receive(15_000);
        assertThat(event).as("event published; answer: " + answer).isNotNull();
        return json.readTree(event.getText()).at("/data/lines/0/description").asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void shouldKeepNamesIntactOverHttpInTheEncodingTheDocumentDeclares(EncodedPosLogs encoded) throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed",
                "FicusPosKey = '" + EncodedPosLogs.key(seq) + "'")) {
            HttpResponse<String> response = post(encoded.document(seq));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(publishedDescription(sales, response.body())).isEqualTo(encoded.name().strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void shouldKeepNamesIntactOverTheQueueInTheEncodingTheDocumentDeclares(EncodedPosLogs encoded) throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed",
                "FicusPosKey = '" + EncodedPosLogs.key(seq) + "'")) {
            jms().createProducer().send(jms().createQueue("pos.inbound"), encoded.document(seq));

            assertThat(publishedDescription(sales, "(queue)")).isEqualTo(encoded.name().strip());
        }
    }

    @Test
    void shouldReadTheDocumentsOwnEncodingWhenTheContentTypeCharsetAgrees() throws Exception {
        int seq = SEQ.incrementAndGet();
        EncodedPosLogs latin1 = EncodedPosLogs.all().get(0);
        try (JMSConsumer sales = events("retail.pos.sale-completed",
                "FicusPosKey = '" + EncodedPosLogs.key(seq) + "'")) {
            HttpResponse<String> response = post(latin1.document(seq), "text/xml; charset=iso-8859-1");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            assertThat(publishedDescription(sales, response.body())).isEqualTo(latin1.name());
        }
    }

    @Test
    void shouldRefuseWith415ADocumentWhoseContentTypeCharsetContradictsItsDeclaration() throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed",
                "FicusPosKey = '" + EncodedPosLogs.key(seq) + "'")) {
            HttpResponse<String> response = post(EncodedPosLogs.all().get(0).document(seq),
                    "application/xml; charset=UTF-8");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("detail").asText()).contains("UTF-8").contains("ISO-8859-1");
            assertThat(problem.get("requestId").asText()).isNotBlank();
            assertThat(sales.receive(1_000)).as("nothing published").isNull();
        }
    }

    @Test
    void shouldRefuseABodyThatIsNotXmlWith415() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("<POSLog/>")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void shouldPublishOverHttpOnceAndReportTheResentTransactionAsDuplicate() throws Exception {
        int seq = SEQ.incrementAndGet();
        byte[] doc = poslog(sale(seq)).getBytes(StandardCharsets.UTF_8);
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            HttpResponse<String> first = post(doc);

            assertThat(first.statusCode()).isEqualTo(202);
            JsonNode report = json.readTree(first.body());
            assertThat(report.get("published").asInt()).isEqualTo(1);
            assertThat(report.at("/results/0/status").asText()).isEqualTo("published");
            TextMessage event = (TextMessage) sales.receive(10_000);
            assertThat(event).isNotNull();
            assertThat(event.getStringProperty("content_type")).isEqualTo("application/cloudevents+json");
            JsonNode ce = json.readTree(event.getText());
            assertThat(ce.get("type").asText()).isEqualTo("retail.pos.sale-completed");
            assertThat(ce.at("/data/totals/total").toString()).isEqualTo("{\"amount\":\"9.90\",\"currency\":\"EUR\"}");
            assertThat(ce.at("/data/lines/0/description").asText()).isEqualTo("Käse");

            HttpResponse<String> again = post(doc);

            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(json.readTree(again.body()).at("/results/0/status").asText()).isEqualTo("duplicate");
            assertThat(sales.receive(1_000)).isNull();
        }
        // durable: the key is in Ficus's schema, so a repository opened after a restart knows it
        assertThat(ficusDb.queryForObject("SELECT count(*) FROM ficus.pos_processed_transaction WHERE messageid = ?",
                Integer.class, key(seq))).isEqualTo(1);
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(LEGACY_DB.jdbcUrl() + "?currentSchema=ficus");
        ds.setUser(LEGACY_DB.user());
        ProcessedTransactions afterRestart = new JdbcProcessedTransactions(ds);
        assertThat(afterRestart.latest(key(seq))).satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.contentHash()).hasSize(64);
            assertThat(v.eventId()).isNotBlank();
        });
    }

    /** {@link #sale(int)} with other amounts: the same key, other content. */
    static String changedSale(int seq) {
        return sale(seq).replace("<ExtendedAmount>9.00</ExtendedAmount>", "<ExtendedAmount>19.00</ExtendedAmount>")
                .replace("<Amount>0.90</Amount>", "<Amount>1.90</Amount>")
                .replace("<Amount>10.00</Amount>", "<Amount>21.00</Amount>")
                .replace(">9.90</Total>", ">20.90</Total>");
    }

    double actuatorCount(String metric, String tag) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/metrics/" + metric + "?tag=" + tag)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 404 ? 0 : json.readTree(r.body()).at("/measurements/0/value").asDouble();
    }

    @Test
    void shouldDeadLetterAKeyConflictWithBothHashesAndCountIt() throws Exception {
        int seq = SEQ.incrementAndGet();
        double before = actuatorCount("ficus.pos.key.conflicts", "channel:http");
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'");
             JMSConsumer dlq = deadLetters("FicusPosReason = 'key-conflict' AND FicusPosKey = '" + key(seq) + "'")) {
            assertThat(post(poslog(sale(seq)).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
            assertThat(sales.receive(10_000)).isNotNull();
            byte[] changed = poslog(changedSale(seq)).getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> response = post(changed);

            assertThat(response.statusCode()).as("nothing acceptable in it").isEqualTo(400);
            assertThat(json.readTree(response.body()).get("reason").asText()).isEqualTo("key-conflict");
            BytesMessage dead = (BytesMessage) dlq.receive(10_000);
            assertThat(dead).isNotNull();
            assertThat(new String(dead.getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(changedSale(seq));
            String stored = dead.getStringProperty("FicusPosStoredHash");
            String received = dead.getStringProperty("FicusPosReceivedHash");
            assertThat(stored).hasSize(64);
            assertThat(received).hasSize(64).isNotEqualTo(stored);
            assertThat(dead.getStringProperty("FicusPosReasonDetail")).contains(stored).contains(received);
            assertThat(sales.receive(1_000)).as("the changed version is not published").isNull();
        }
        assertThat(meters.counter("ficus.pos.key.conflicts", "channel", "http").count()).isGreaterThanOrEqualTo(1);
        assertThat(actuatorCount("ficus.pos.key.conflicts", "channel:http") - before).isEqualTo(1);
        assertThat(ficusDb.queryForObject("SELECT count(*) FROM ficus.pos_processed_transaction WHERE messageid = ?",
                Integer.class, key(seq))).isEqualTo(1);
    }

    @Test
    void shouldPublishALaterVersionAsACorrectionInAStoreThatSaysSo() throws Exception {
        int seq = SEQ.incrementAndGet();
        String first = sale(seq).replace("<RetailStoreID>77</RetailStoreID>", "<RetailStoreID>78</RetailStoreID>");
        String later = changedSale(seq).replace("<RetailStoreID>77</RetailStoreID>",
                "<RetailStoreID>78</RetailStoreID>");
        String key = "78/3/2024-03-01/" + seq;
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key + "'")) {
            assertThat(post(poslog(first).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
            TextMessage original = (TextMessage) sales.receive(10_000);
            assertThat(original).isNotNull();

            HttpResponse<String> response = post(poslog(later).getBytes(StandardCharsets.UTF_8));

            assertThat(json.readTree(response.body()).at("/results/0/status").asText()).isEqualTo("corrected");
            TextMessage correction = (TextMessage) sales.receive(10_000);
            assertThat(correction).isNotNull();
            assertThat(correction.getStringProperty("FicusPosCorrectionOf"))
                    .isEqualTo(original.getStringProperty("ce_id"));
            JsonNode ce = json.readTree(correction.getText());
            assertThat(ce.at("/data/correctionOf/eventId").asText()).isEqualTo(original.getStringProperty("ce_id"));
            assertThat(ce.at("/data/totals/total/amount").asText()).isEqualTo("20.90");
        }
        assertThat(ficusDb.queryForObject("SELECT max(version) FROM ficus.pos_processed_transaction WHERE messageid = ?",
                Integer.class, key)).isEqualTo(2);
    }

    @Test
    void shouldIngestATillsDocumentsInSendOrderWithinAMessageGroupDespiteConcurrentConsumers() throws Exception {
        int pairs = 12;
        int firstSeq = SEQ.get() + 1;
        try (JMSConsumer corrections = events("retail.pos.sale-completed", "FicusPosCorrectionOf IS NOT NULL"
                + " AND FicusPosKey LIKE '78/3/2024-03-01/%'")) {
            // documents are ingested POS_QUEUE_CONSUMERS (4) at a time: only the till's message group keeps its order
            for (int i = 0; i < pairs; i++) {
                int seq = SEQ.incrementAndGet();
                for (String document : List.of(sale(seq), changedSale(seq))) {
                    BytesMessage message = jms().createBytesMessage();
                    message.writeBytes(poslog(document.replace("<RetailStoreID>77</RetailStoreID>",
                            "<RetailStoreID>78</RetailStoreID>")).getBytes(StandardCharsets.UTF_8));
                    message.setStringProperty("JMSXGroupID", "78/3");
                    jms().createProducer().send(jms().createQueue("pos.inbound"), message);
                }
            }

            Map<String, String> totals = new HashMap<>();
            while (totals.size() < pairs) {
                TextMessage correction = (TextMessage) corrections.receive(20_000);
                assertThat(correction).as("a correction for each of the %d pairs, got %s", pairs, totals).isNotNull();
                totals.put(correction.getStringProperty("FicusPosKey"),
                        json.readTree(correction.getText()).at("/data/totals/total/amount").asText());
            }
            for (int seq = firstSeq; seq < firstSeq + pairs; seq++) {
                assertThat(totals.get("78/3/2024-03-01/" + seq)).as("the later document corrects the first")
                        .isEqualTo("20.90");
            }
        }
    }

    @Test
    void shouldPublishTheRealNcrFileOverHttpWithOneResultPerTransaction() throws Exception {
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey LIKE '9/%'");
             JMSConsumer control = events("retail.pos.control", "FicusPosKey LIKE '9/%'")) {
            HttpResponse<String> response = post(resource("ncr-acs-2.1/POSLog.xml"));

            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode report = json.readTree(response.body());
            assertThat(report.get("received").asInt()).isEqualTo(51);
            assertThat(report.get("published").asInt()).isEqualTo(51);
            assertThat(report.get("results")).hasSize(51);
            int saleEvents = 0;
            while (saleEvents < 42 && sales.receive(10_000) != null) {
                saleEvents++;
            }
            int controlEvents = 0;
            while (controlEvents < 9 && control.receive(10_000) != null) {
                controlEvents++;
            }
            assertThat(saleEvents).isEqualTo(42);
            assertThat(controlEvents).isEqualTo(9);
        }
    }

    /**
     * The contract's operation {@code pos-transactions-ingest} through the client openapi-generator makes of
     * {@code api/openapi.json} ({@code PosApi}: the POSLog as a {@code String}, sent as UTF-8 with
     * {@code Content-Type: application/xml}): the 202 reads as the documented {@code PosIngestReport}, a refused
     * document as the documented 400 problem.
     */
    @Test
    void shouldIngestAPosLogThroughTheClientGeneratedFromTheContract() throws Exception {
        int seq = SEQ.incrementAndGet();
        dev.ficus.client.ApiClient client = new dev.ficus.client.ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        dev.ficus.client.api.PosApi pos = new dev.ficus.client.api.PosApi(client);
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            dev.ficus.client.model.PosIngestReport report = pos.posTransactionsIngest(poslog(sale(seq)));

            assertThat(report.getReceived()).isEqualTo(1);
            assertThat(report.getPublished()).isEqualTo(1);
            assertThat(report.getResults()).singleElement().satisfies(result -> {
                assertThat(result.getStatus()).isEqualTo(dev.ficus.client.model.PosTransactionResult.StatusEnum.PUBLISHED);
                assertThat(result.getKey()).isEqualTo(key(seq));
                assertThat(result.getType()).isEqualTo("retail.pos.sale-completed");
            });
            assertThat(publishedDescription(sales, report.toString())).isEqualTo("Käse");
        }
        dev.ficus.client.ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.ficus.client.ApiException.class, () -> pos.posTransactionsIngest(
                        "<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\"><Transaction></POSLog>"));

        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(refused.getResponseBody()).get("reason").asText()).isEqualTo("malformed-xml");
    }

    @Test
    void shouldAnswer400ProblemAndDeadLetterTheOriginalBytesOfAMalformedDocument() throws Exception {
        byte[] broken = ("<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\"><Transaction>ünclosed "
                + SEQ.incrementAndGet() + "</POSLog>").getBytes(StandardCharsets.UTF_8);
        try (JMSConsumer dlq = deadLetters("FicusPosChannel = 'http' AND FicusPosReason = 'malformed-xml'")) {
            HttpResponse<String> response = post(broken);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("reason").asText()).isEqualTo("malformed-xml");
            assertThat(problem.at("/invalidParams/0/name").asText()).isEqualTo("POSLog");
            BytesMessage dead = (BytesMessage) dlq.receive(10_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getBody(byte[].class)).isEqualTo(broken);
            assertThat(dead.getStringProperty("FicusPosScope")).isEqualTo("document");
            assertThat(dead.getStringProperty("FicusPosReasonDetail")).isNotBlank();
        }
    }

    @Test
    void shouldRefuseADtdOverHttpWithoutResolvingIt() throws Exception {
        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE POSLog [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL + "\">&x;</POSLog>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post(xxe);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("dtd-refused").doesNotContain("root:");
    }

    @Test
    void shouldPublishTheGoodTransactionsOfABatchAndDeadLetterTheBadOneNamingIt() throws Exception {
        int a = SEQ.incrementAndGet();
        int b = SEQ.incrementAndGet();
        String bad = "<Transaction><RetailStoreID>77</RetailStoreID><SequenceNumber>1</SequenceNumber>"
                + "<ControlTransaction><OperatorSignOn/></ControlTransaction></Transaction>";
        double before = meters.counter("ficus.pos.received", "channel", "http").count();
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey IN ('" + key(a) + "','" + key(b) + "')");
             JMSConsumer dlq = deadLetters("FicusPosChannel = 'http' AND FicusPosReason = 'missing-ids'")) {
            HttpResponse<String> response = post(poslog(sale(a) + bad + sale(b)).getBytes(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode results = json.readTree(response.body()).get("results");
            assertThat(results.findValuesAsText("status")).containsExactly("published", "rejected", "published");
            assertThat(results.get(1).get("detail").asText()).contains("WorkstationID", "BusinessDayDate");
            assertThat(sales.receive(10_000)).isNotNull();
            assertThat(sales.receive(10_000)).isNotNull();
            BytesMessage dead = (BytesMessage) dlq.receive(10_000);
            assertThat(new String(dead.getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo(bad);
            assertThat(dead.getIntProperty("FicusPosTransactionIndex")).isEqualTo(1);
            assertThat(dead.getStringProperty("FicusPosScope")).isEqualTo("transaction");
        }
        assertThat(meters.counter("ficus.pos.received", "channel", "http").count() - before).isEqualTo(3);
        for (String channel : List.of("http", "queue", "file")) {
            assertThat(meters.counter("ficus.pos.received", "channel", channel).count()).as(channel).isEqualTo(
                    meters.counter("ficus.pos.published", "channel", channel).count()
                    + meters.counter("ficus.pos.duplicates", "channel", channel).count()
                    + meters.counter("ficus.pos.dead.lettered", "channel", channel).count());
        }
    }

    @Test
    void shouldIngestAPosLogSentAsAJmsBytesMessageToTheQueue() throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            jms().createProducer().send(jms().createQueue("pos.inbound"),
                    poslog(sale(seq)).getBytes(StandardCharsets.UTF_8));

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            assertThat(json.readTree(event.getText()).get("subject").asText()).isEqualTo(key(seq));
        }
    }

    @Test
    void shouldIngestTheRetalixFileSentOverAmqp() throws Exception {
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '0610/140/2016-08-22/451'")) {
            var amqp = new org.apache.qpid.jms.JmsConnectionFactory(FicusTestOptions.BROKER_TILL,
                    FicusTestOptions.BROKER_SECRET, "amqp://localhost:" + ARTEMIS_PORT);
            try (JMSContext till = amqp.createContext()) {
                till.createProducer().send(till.createQueue("pos.inbound"),
                        new String(resource("retalix-r10-6.0/retalix-sale-gbp.xml"), StandardCharsets.UTF_8));
            }

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            assertThat(json.readTree(event.getText()).at("/data/totals/total/currency").asText()).isEqualTo("GBP");
        }
    }

    @Test
    void shouldIngestAnIso88591PosLogSentInStompFramesAndDeadLetterAStompOneWithAWrongRoot() throws Exception {
        int seq = SEQ.incrementAndGet();
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><POSLog xmlns=\""
                + PosLogParser.NS_IXRETAIL + "\">" + sale(seq) + "</POSLog>").getBytes(StandardCharsets.ISO_8859_1);
        byte[] wrongRoot = "<Sales><Sale/></Sales>".getBytes(StandardCharsets.UTF_8);
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'");
             JMSConsumer dlq = deadLetters("FicusPosChannel = 'queue' AND FicusPosReason = 'wrong-root'");
             Socket socket = new Socket("localhost", ARTEMIS_PORT)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:" + FicusTestOptions.BROKER_TILL
                    + "\npasscode:" + FicusTestOptions.BROKER_SECRET + "\n\n\0").getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(socket.getInputStream())).startsWith("CONNECTED");
            stompSend(out, latin1, "r1");
            assertThat(readFrame(socket.getInputStream())).startsWith("RECEIPT");
            stompSend(out, wrongRoot, "r2");
            assertThat(readFrame(socket.getInputStream())).startsWith("RECEIPT");

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            assertThat(json.readTree(event.getText()).at("/data/lines/0/description").asText()).isEqualTo("Käse");
            BytesMessage dead = (BytesMessage) dlq.receive(15_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getBody(byte[].class)).isEqualTo(wrongRoot);
        }
    }

    static void stompSend(java.io.OutputStream out, byte[] body, String receipt) throws IOException {
        out.write(("SEND\ndestination:pos.inbound\ndestination-type:ANYCAST\ncontent-type:application/xml\n"
                + "content-length:" + body.length + "\nreceipt:" + receipt + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.write(0);
        out.flush();
    }

    @Test
    void shouldMoveAProcessedDropFileToDoneAndARefusedOneToErrorWithAReason() throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            Files.createDirectories(DROP_DIR);
            Files.write(DROP_DIR.resolve("batch.tmp"), poslog(sale(seq)).getBytes(StandardCharsets.UTF_8));
            Files.move(DROP_DIR.resolve("batch.tmp"), DROP_DIR.resolve("batch-" + seq + ".xml"));
            Files.writeString(DROP_DIR.resolve("broken-" + seq + ".xml"), "<POSLog xmlns=\"urn:unknown\"/>");

            assertThat(sales.receive(20_000)).isNotNull();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(DROP_DIR.resolve("done/batch-" + seq + ".xml")).exists();
                assertThat(DROP_DIR.resolve("error/broken-" + seq + ".xml")).exists();
                assertThat(DROP_DIR.resolve("error/broken-" + seq + ".xml.reason.txt")).content()
                        .startsWith("unknown-namespace: ");
            });
        }
    }

    /** The event of one POSLog transaction, as the ingest maps it. */
    static PosEvent event(String transaction) {
        PosLogParser parser = new PosLogParser(1_000_000,
                new PosEventMapper("USD", new CloudEventWriter(new ObjectMapper())));
        try (PosLogParser.TransactionIterator it = parser.transactions(
                PosLogSource.of(poslog(transaction).getBytes(StandardCharsets.UTF_8)))) {
            return it.next().event();
        }
    }

    @Test
    void shouldDeliverATransactionPublishedTwiceWithoutTheKeyCheckOnlyOnce() throws Exception {
        int seq = SEQ.incrementAndGet();
        PosEvent event = event(sale(seq));
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            posIngest.publish(event);
            posIngest.publish(event); // the crash window: sent, key not recorded, sent again

            TextMessage first = (TextMessage) sales.receive(10_000);
            assertThat(first).isNotNull();
            assertThat(first.getStringProperty("_AMQ_DUPL_ID")).isEqualTo(json.readTree(first.getText()).get("id")
                    .asText());
            assertThat(sales.receive(1_000)).isNull();
        }
    }

    @Test
    void shouldPublishATransactionSentButNotRecordedBeforeACrashExactlyOnceWhenItComesAgain() throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            posIngest.publish(event(sale(seq))); // sent, then "crashed" before the key was recorded

            HttpResponse<String> resent = post(poslog(sale(seq)).getBytes(StandardCharsets.UTF_8));

            assertThat(resent.statusCode()).isEqualTo(202);
            assertThat(json.readTree(resent.body()).at("/results/0/status").asText()).isEqualTo("published");
            assertThat(sales.receive(10_000)).isNotNull();
            assertThat(sales.receive(1_000)).isNull();
        }
        assertThat(ficusDb.queryForObject("SELECT count(*) FROM ficus.pos_processed_transaction WHERE messageid = ?",
                Integer.class, key(seq))).isEqualTo(1);
    }

    @Test
    void shouldConfigureRedeliveryDeadLetteringAndDuplicateDetectionOnTheBroker() {
        var server = embeddedBroker.getActiveMQServer();
        AddressSettings inbound = server.getAddressSettingsRepository().getMatch("pos.inbound");
        assertThat(inbound.getMaxDeliveryAttempts()).isEqualTo(5);
        assertThat(inbound.getDeadLetterAddress().toString()).isEqualTo("pos.inbound.DLQ");
        assertThat(inbound.getRedeliveryMultiplier()).isEqualTo(2.0);
        assertThat(server.getAddressSettingsRepository().getMatch("retail.pos.sale-completed").getIDCacheSize())
                .isEqualTo(20000);
        assertThat(server.getConfiguration().isPersistIDCache()).isTrue();
        assertThat(server.locateQueue("pos.inbound.DLQ")).isNotNull();
    }

    @Test
    void shouldIngestAPosLogPublishedOverMqttToTopicPosInbound() throws Exception {
        int seq = SEQ.incrementAndGet();
        byte[] doc = poslog(sale(seq)).getBytes(StandardCharsets.UTF_8);
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'");
             Socket socket = new Socket("localhost", ARTEMIS_PORT)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.DataInputStream(socket.getInputStream());
            // MQTT 3.1.1 CONNECT: protocol "MQTT" level 4, user name, password, clean session, keep-alive 60 s,
            // client id, user name, password
            java.io.ByteArrayOutputStream connect = new java.io.ByteArrayOutputStream();
            connect.write(mqttString("MQTT"));
            connect.write(new byte[] {4, (byte) 0xC2, 0, 60});
            connect.write(mqttString("till-" + seq));
            connect.write(mqttString(FicusTestOptions.BROKER_TILL));
            connect.write(mqttString(FicusTestOptions.BROKER_SECRET));
            out.write(mqttPacket(0x10, connect.toByteArray()));
            assertThat(new byte[] {in.readByte(), in.readByte(), in.readByte(), in.readByte()})
                    .containsExactly(0x20, 2, 0, 0); // CONNACK, accepted
            // PUBLISH QoS 1 to topic pos/inbound, packet id 7
            java.io.ByteArrayOutputStream publish = new java.io.ByteArrayOutputStream();
            publish.write(mqttString("pos/inbound"));
            publish.write(new byte[] {0, 7});
            publish.write(doc);
            out.write(mqttPacket(0x32, publish.toByteArray()));
            out.flush();
            assertThat(new byte[] {in.readByte(), in.readByte(), in.readByte(), in.readByte()})
                    .containsExactly(0x40, 2, 0, 7); // PUBACK of packet 7
            out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            assertThat(json.readTree(event.getText()).at("/data/totals/total/amount").asText()).isEqualTo("9.90");
        }
    }

    @Test
    void shouldIngestAPosLogSentOverOpenWire() throws Exception {
        int seq = SEQ.incrementAndGet();
        try (JMSConsumer sales = events("retail.pos.sale-completed", "FicusPosKey = '" + key(seq) + "'")) {
            var openWire = new org.apache.activemq.ActiveMQConnectionFactory(FicusTestOptions.BROKER_TILL,
                    FicusTestOptions.BROKER_SECRET, "tcp://localhost:" + ARTEMIS_PORT);
            try (jakarta.jms.Connection connection = openWire.createConnection();
                 jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(poslog(sale(seq)).getBytes(StandardCharsets.UTF_8));
                session.createProducer(session.createQueue("pos.inbound")).send(message);
            }

            TextMessage event = (TextMessage) sales.receive(15_000);
            assertThat(event).isNotNull();
            assertThat(json.readTree(event.getText()).get("subject").asText()).isEqualTo(key(seq));
        }
    }

    /** An MQTT UTF-8 string: 2-byte length, then the bytes. */
    static byte[] mqttString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    /** An MQTT control packet: type and flags byte, remaining length (variable byte integer), the rest. */
    static byte[] mqttPacket(int typeAndFlags, byte[] rest) {
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        packet.write(typeAndFlags);
        int length = rest.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(rest);
        return packet.toByteArray();
    }

    private static String readFrame(InputStream in) throws IOException {
        StringBuilder frame = new StringBuilder();
        for (int b = in.read(); b > 0; b = in.read()) {
            frame.append((char) b);
        }
        return frame.toString().stripLeading();
    }
}
