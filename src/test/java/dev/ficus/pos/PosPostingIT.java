package dev.ficus.pos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Posting to legacy end to end on the whole application: a POSLog sale or return in over HTTP, the event copied by
 * the broker into pos.posting, route pos-posting translating it and posting SOAP PostSale to the RetailCore mimic,
 * which records it in retailcore_mimic.pos_sale. RetailCore is reached through a WireMock gateway that proxies to
 * the mimic, so faults can be injected per transaction key.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PosPostingIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("posting");
    static final int ARTEMIS_PORT = FreePorts.next();
    static final int MIMIC_PORT = FreePorts.next();
    static final WireMockServer GATEWAY = gateway();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-posting-data");
    static final AtomicInteger SEQ = new AtomicInteger(5000);
    static final String PATH = "/retailcore/soap/PosPosting";
    static final ActiveMQConnectionFactory BROKER = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT,
            FicusTestOptions.BROKER_ADMIN, FicusTestOptions.BROKER_SECRET);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .withBrokerUsers()
                .embeddedBrokerId(4).withoutCdc().dataDir(DATA_DIR).posDropOff()
                .set("pos.posting.legacy-url", "http://localhost:" + GATEWAY.port())
                .set("pos.posting.max-redeliveries", 3)
                .set("pos.posting.redelivery-delay-ms", 100)
                .set("pos.posting.max-redelivery-delay-ms", 300)
                .routesReloadOff()
                .registerIn(registry);
    }

    @AfterAll
    static void stop() {
        GATEWAY.stop();
        BROKER.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JdbcTemplate legacyDb = new JdbcTemplate(LEGACY_DB.dataSource());
    final ObjectMapper json = new ObjectMapper();

    static String key(int seq) {
        return "77/3/2024-03-01/" + seq;
    }

    /** A return of 9.00 + 0.90 tax, refunded in cash, as POSLog. */
    static String returnTx(int seq) {
        return "<Transaction><RetailStoreID>77</RetailStoreID><WorkstationID>3</WorkstationID>"
                + "<SequenceNumber>" + seq + "</SequenceNumber><BusinessDayDate>2024-03-01</BusinessDayDate>"
                + "<CurrencyCode>EUR</CurrencyCode><RetailTransaction>"
                + "<LineItem><SequenceNumber>1</SequenceNumber><Return><ItemID>A</ItemID><Description>Käse</Description>"
                + "<ExtendedAmount>9.00</ExtendedAmount></Return></LineItem>"
                + "<LineItem><SequenceNumber>2</SequenceNumber><Tax><Amount>-0.90</Amount></Tax></LineItem>"
                + "<LineItem><SequenceNumber>3</SequenceNumber><Tender TenderType=\"Cash\"><Amount>-9.90</Amount>"
                + "</Tender></LineItem>"
                + "<Total TotalType=\"TransactionGrandAmount\">-9.90</Total></RetailTransaction></Transaction>";
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    void ingest(String transactions) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(PosIngestIT.poslog(transactions))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("published").asInt()).isPositive();
    }

    Map<String, Object> postedSale(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> legacyDb.queryForObject(
                "SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?", Integer.class, key) == 1);
        return legacyDb.queryForMap("SELECT * FROM retailcore_mimic.pos_sale WHERE txn_key = ?", key);
    }

    int posts(String key) {
        return GATEWAY.findAll(postRequestedFor(urlPathEqualTo(PATH))
                .withRequestBody(containing("<TXN_KEY>" + key + "</TXN_KEY>"))).size();
    }

    /** WireMock journals a proxied request once its answer is sent, possibly after the effect is visible. */
    void assertPosts(String key, int expected) {
        await().atMost(Duration.ofSeconds(5)).until(() -> posts(key) >= expected);
        assertThat(posts(key)).isEqualTo(expected);
    }

    @Test
    void shouldPostAnAcceptedSaleToRetailCoreWithItsAmountsAndLines() throws Exception {
        int seq = SEQ.incrementAndGet();

        ingest(PosIngestIT.sale(seq));

        Map<String, Object> sale = postedSale(key(seq));
        assertThat(sale).containsEntry("txn_type", "SALE").containsEntry("store_id", "77")
                .containsEntry("register_id", "3").containsEntry("txn_seq", String.valueOf(seq))
                .containsEntry("currency_code", "EUR").containsEntry("balanced_flag", "Y")
                .containsEntry("gross_amt", new BigDecimal("9.00")).containsEntry("tax_amt", new BigDecimal("0.90"))
                .containsEntry("total_amt", new BigDecimal("9.90"))
                .containsEntry("tendered_amt", new BigDecimal("10.00"))
                .containsEntry("change_amt", new BigDecimal("0.10"));
        assertThat(sale.get("business_date").toString()).isEqualTo("2024-03-01");
        List<Map<String, Object>> lines = legacyDb.queryForList(
                "SELECT * FROM retailcore_mimic.pos_sale_line WHERE sale_id = ?", sale.get("sale_id"));
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("line_type", "S").containsEntry("item_id", "A").containsEntry("description", "Käse")
                .containsEntry("amount", new BigDecimal("9.00")));
        assertThat(legacyDb.queryForObject("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_name LIKE 'pos_sale%'", Integer.class)).isZero();
        assertPosts(key(seq), 1);
    }

    @Test
    void shouldPostAReturnAsReturnWithMagnitudes() throws Exception {
        int seq = SEQ.incrementAndGet();

        ingest(returnTx(seq));

        assertThat(postedSale(key(seq))).containsEntry("txn_type", "RETURN")
                .containsEntry("gross_amt", new BigDecimal("9.00")).containsEntry("total_amt", new BigDecimal("9.90"))
                .containsEntry("tendered_amt", new BigDecimal("9.90"));
    }

    @Test
    void shouldAnswerTheSameLegacySaleIdWhenASaleIsPostedAgain() throws Exception {
        byte[] request = Files.readAllBytes(Path.of("adapters/retailcore/samples/soap-post-sale-request.xml"));
        String[] answers = new String[2];
        for (int i = 0; i < 2; i++) {
            answers[i] = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + MIMIC_PORT + PATH))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"urn:retailcore:PosPosting#PostSale\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        String id = answers[0].replaceAll("(?s).*<SALE_ID>(\\d+)</SALE_ID>.*", "$1");
        assertThat(answers[0]).contains("<STATUS>POSTED</STATUS>");
        assertThat(answers[1]).contains("<SALE_ID>" + id + "</SALE_ID>", "<STATUS>ALREADY_POSTED</STATUS>");
        assertThat(legacyDb.queryForObject("SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                Integer.class, "77/3/2024-03-01/1001")).isEqualTo(1);
    }

    @Test
    void shouldStopPostingToRetailCoreOnceTrafficControlMovesPosPostingToModern() throws Exception {
        int movedSeq = SEQ.incrementAndGet();
        int backSeq = SEQ.incrementAndGet();
        double modernBefore = modernDecisions();
        moveTo("MODERN");
        try {
            ingest(PosIngestIT.sale(movedSeq));
            await().atMost(Duration.ofSeconds(20)).until(() -> modernDecisions() > modernBefore);
            assertThat(legacyDb.queryForObject("SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                    Integer.class, key(movedSeq))).isZero();
            assertThat(posts(key(movedSeq))).isZero();
        } finally {
            moveTo("LEGACY");
        }

        ingest(PosIngestIT.sale(backSeq));

        assertThat(postedSale(key(backSeq))).containsEntry("total_amt", new BigDecimal("9.90"));
    }

    private double modernDecisions() {
        var counter = meters.find("ficus.traffic.messages").tag("route", "pos-posting").tag("side", "modern").counter();
        return counter == null ? 0 : counter.count();
    }

    private void moveTo(String state) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/traffic/routes/pos-posting"))
                .header("Content-Type", "application/json").header("X-Ficus-User", "pos-it")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\",\"reason\":\"PosPostingIT\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(5)).until(() -> json.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/traffic/routes/pos-posting")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("state").asText().equals(state));
    }

    @Test
    void shouldRetryAfterA5xxAndPostOnce() throws Exception {
        int seq = SEQ.incrementAndGet();
        String scenario = "flaky-" + seq;
        GATEWAY.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("<TXN_KEY>" + key(seq) + "</TXN_KEY>"))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));

        ingest(PosIngestIT.sale(seq));

        assertThat(postedSale(key(seq))).containsEntry("total_amt", new BigDecimal("9.90"));
        assertPosts(key(seq), 2);
    }

    @Test
    void shouldDeadLetterTheOriginalEventWithTheReasonWhenRetailCoreKeepsFailing() throws Exception {
        int seq = SEQ.incrementAndGet();
        GATEWAY.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("<TXN_KEY>" + key(seq) + "</TXN_KEY>"))
                .willReturn(aResponse().withStatus(500).withBody(
                        PosPostingFaults.soapFault("soap:Server", "database is down"))));
        try (JMSContext jms = BROKER.createContext();
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("pos.posting.DLQ"),
                     "FicusPosKey = '" + key(seq) + "'")) {

            ingest(PosIngestIT.sale(seq));

            TextMessage dead = (TextMessage) dlq.receive(20_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("FicusPostingReason")).isEqualTo("legacy-failed");
            assertThat(dead.getStringProperty("FicusPostingReasonDetail"))
                    .isEqualTo("RetailCore answered HTTP 500: database is down");
            assertThat(dead.getIntProperty("FicusPostingAttempts")).isEqualTo(4);
            JsonNode event = json.readTree(dead.getText());
            assertThat(event.get("type").asText()).isEqualTo("retail.pos.sale-completed");
            assertThat(event.get("subject").asText()).isEqualTo(key(seq));
        }
        assertPosts(key(seq), 4);
        assertThat(legacyDb.queryForObject("SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                Integer.class, key(seq))).isZero();
    }

    @Test
    void shouldNotCountA200MaintenancePageAsPostedButRetryThenDeadLetterWithItsText() throws Exception {
        int seq = SEQ.incrementAndGet();
        GATEWAY.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("<TXN_KEY>" + key(seq) + "</TXN_KEY>"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>RetailCore is down for maintenance</body></html>")));
        try (JMSContext jms = BROKER.createContext();
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("pos.posting.DLQ"),
                     "FicusPosKey = '" + key(seq) + "'")) {

            ingest(PosIngestIT.sale(seq));

            TextMessage dead = (TextMessage) dlq.receive(20_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("FicusPostingReason")).isEqualTo("legacy-failed");
            assertThat(dead.getStringProperty("FicusPostingReasonDetail")).contains("down for maintenance");
            assertThat(dead.getIntProperty("FicusPostingAttempts")).isEqualTo(4);
        }
        assertThat(legacyDb.queryForObject("SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?",
                Integer.class, key(seq))).isZero();
    }

    @Test
    void shouldDeadLetterAtOnceWhenRetailCoreRejectsTheSale() throws Exception {
        int seq = SEQ.incrementAndGet();
        GATEWAY.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("<TXN_KEY>" + key(seq) + "</TXN_KEY>"))
                .willReturn(aResponse().withStatus(500).withBody(
                        PosPostingFaults.soapFault("soap:Client", "STORE_ID 77 is unknown"))));
        try (JMSContext jms = BROKER.createContext();
             JMSConsumer dlq = jms.createConsumer(jms.createQueue("pos.posting.DLQ"),
                     "FicusPosKey = '" + key(seq) + "'")) {

            ingest(PosIngestIT.sale(seq));

            TextMessage dead = (TextMessage) dlq.receive(20_000);
            assertThat(dead).isNotNull();
            assertThat(dead.getStringProperty("FicusPostingReason")).isEqualTo("legacy-rejected");
            assertThat(dead.getIntProperty("FicusPostingAttempts")).isEqualTo(1);
        }
        assertPosts(key(seq), 1);
    }

    /** SOAP 1.1 fault bodies as RetailCore writes them. */
    static final class PosPostingFaults {
        static String soapFault(String code, String text) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope "
                    + "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                    + "<faultcode>" + code + "</faultcode><faultstring>" + text + "</faultstring>"
                    + "</soap:Fault></soap:Body></soap:Envelope>";
        }
    }

    private static WireMockServer gateway() {
        WireMockServer server = new WireMockServer(options().port(FreePorts.next()));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().proxiedFrom("http://localhost:" + MIMIC_PORT)));
        return server;
    }
}
