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
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 * The dead-letter admin API ({@code /admin/dead-letters}, dev.ficus.pos.deadletter) on the whole application with
 * the embedded broker (security on) and a real PostgreSQL: a malformed and a key-conflicting POSLog (the NCR ACS
 * sample, see its LICENSE) found by business key, request id and text, read byte for byte, resent (and refused
 * again), a document the broker gave up on resent once the database is back, a posting event resent once RetailCore
 * (a WireMock gateway in front of the mimic) recovers, a discard, and the audit naming the API key's principal.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PosDeadLettersIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("deadletters");
    static final int ARTEMIS_PORT = FreePorts.next();
    static final int MIMIC_PORT = FreePorts.next();
    static final WireMockServer GATEWAY = gateway();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-dead-letters");
    static final AtomicInteger SEQ = new AtomicInteger(17_000);
    static final String OPERATOR = "console-ops";
    static final String OPERATOR_KEY = "dead-letter-operator-key-17";
    static final String MONITORING_KEY = "dead-letter-monitoring-key-17";
    static final String INBOUND_DLQ = "pos.inbound.DLQ";
    static final String POSTING_DLQ = "pos.posting.DLQ";
    static final ActiveMQConnectionFactory BROKER = new ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT,
            FicusTestOptions.BROKER_ADMIN, FicusTestOptions.BROKER_SECRET);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .withBrokerUsers().embeddedBrokerId(17).withoutCdc().dataDir(DATA_DIR).posDropOff().routesReloadOff()
                .apiKey(0, OPERATOR, OPERATOR_KEY, "operator").apiKey(1, "grafana", MONITORING_KEY, "monitoring")
                .set("pos.posting.legacy-url", "http://localhost:" + GATEWAY.port())
                .set("pos.posting.max-redeliveries", 2)
                .set("pos.posting.redelivery-delay-ms", 100)
                .set("pos.posting.max-redelivery-delay-ms", 200)
                .set("pos.queue-redelivery-delay-ms", 100)
                .set("pos.queue-max-redelivery-delay-ms", 200)
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
    final ObjectMapper json = new ObjectMapper();
    final JdbcTemplate db = new JdbcTemplate(LEGACY_DB.dataSource());

    /** The NCR ACS sample (a sign-on, 160, and a sale, 161, at till 34 on 2017-09-30) moved to store {@code store}. */
    static String ncrSmall(String store) throws IOException {
        try (InputStream in = PosDeadLettersIT.class.getResourceAsStream("/pos/ncr-acs-2.1/SMALL.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("<RetailStoreID>9</RetailStoreID>", "<RetailStoreID>" + store + "</RetailStoreID>");
        }
    }

    static String store() {
        return String.valueOf(SEQ.incrementAndGet());
    }

    HttpResponse<String> postPos(byte[] document) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String path, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> response = admin(method, path, body, OPERATOR_KEY);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The messages of {@code queue} that match {@code q}, newest first. */
    List<JsonNode> search(String queue, String q) throws Exception {
        JsonNode answer = ok("GET", "/admin/dead-letters/" + queue + "/messages?limit=500&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
        assertThat(answer.get("queue").asText()).isEqualTo(queue);
        List<JsonNode> out = new ArrayList<>();
        answer.get("messages").forEach(out::add);
        return out;
    }

    /** Waits for exactly one match of {@code q} in {@code queue} other than {@code notId}; @return it. */
    JsonNode one(String queue, String q, String notId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> matches = search(queue, q);
            assertThat(matches).as(q).hasSize(1);
            assertThat(matches.get(0).get("id").asText()).isNotEqualTo(notId);
            found[0] = matches.get(0);
        });
        return found[0];
    }

    JsonNode lastAudit() throws Exception {
        return ok("GET", "/admin/dead-letters/audit?limit=1", null).get("audit").get(0);
    }

    String selection(String id, String reason) {
        return "{\"ids\":[\"" + id + "\"]" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    }

    @Test
    void shouldFindAMalformedPosLogByKeyRequestIdAndTextReadItsBytesAndResendItIntoTheDeadLetterQueueAgain()
            throws Exception {
        String store = store();
        String document = ncrSmall(store);
        byte[] malformed = document.substring(0, document.length() / 2).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = postPos(malformed);
        assertThat(refused.statusCode()).isEqualTo(400);
        String requestId = refused.headers().firstValue("X-Request-Id").orElseThrow();
        String key = store + "/34/2017-09-30/160";

        JsonNode byKey = one(INBOUND_DLQ, key, null);

        String id = byKey.get("id").asText();
        assertThat(byKey.get("reason").asText()).isEqualTo("malformed-xml");
        assertThat(byKey.get("channel").asText()).isEqualTo("http");
        assertThat(byKey.get("businessKey").asText()).isEqualTo(key);
        assertThat(byKey.get("storeId").asText()).isEqualTo(store);
        assertThat(byKey.get("requestId").asText()).isEqualTo(requestId);
        assertThat(byKey.get("bytes").asLong()).isEqualTo(malformed.length);
        assertThat(byKey.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(search(INBOUND_DLQ, requestId)).extracting(m -> m.get("id").asText()).containsExactly(id);
        assertThat(search(INBOUND_DLQ, "<retailstoreid>" + store + "</RetailStoreID>"))
                .as("by body text, any case").extracting(m -> m.get("id").asText()).containsExactly(id);
        assertThat(search(INBOUND_DLQ, store + "/34/160")).as("store/till/sequence").hasSize(1);
        JsonNode content = ok("GET", "/admin/dead-letters/" + INBOUND_DLQ + "/messages/" + id, null);
        assertThat(content.get("body").asText().getBytes(content.get("encoding").asText())).isEqualTo(malformed);
        assertThat(content.has("bodyBase64")).isFalse();
        assertThat(content.at("/headers/FicusPosReason").asText()).isEqualTo("malformed-xml");

        JsonNode resent = ok("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/resend", selection(id, "tried again"));

        assertThat(resent.get("resent")).extracting(JsonNode::asText).containsExactly(id);
        assertThat(resent.get("missing")).isEmpty();
        JsonNode again = one(INBOUND_DLQ, key, id);
        assertThat(again.get("reason").asText()).isEqualTo("malformed-xml");
        assertThat(again.get("channel").asText()).isEqualTo("queue");
        JsonNode refusedAgain = ok("GET", "/admin/dead-letters/" + INBOUND_DLQ + "/messages/"
                + again.get("id").asText(), null);
        assertThat(refusedAgain.get("body").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(malformed);
        assertThat(admin("GET", "/admin/dead-letters/" + INBOUND_DLQ + "/messages/" + id, null, OPERATOR_KEY)
                .statusCode()).as("gone from the queue").isEqualTo(404);
        JsonNode audit = lastAudit();
        assertThat(audit.get("principal").asText()).isEqualTo(OPERATOR);
        assertThat(audit.get("action").asText()).isEqualTo("resend");
        assertThat(audit.get("queue").asText()).isEqualTo(INBOUND_DLQ);
        assertThat(audit.get("messageId").asText()).isEqualTo(id);
        assertThat(audit.get("businessKey").asText()).isEqualTo(key);
        assertThat(audit.get("reason").asText()).isEqualTo("tried again");
    }

    @Test
    void shouldResendAKeyConflictAsADocumentThatIsReadAndRefusedForTheSameConflict() throws Exception {
        String store = store();
        String document = ncrSmall(store);
        assertThat(postPos(document.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        HttpResponse<String> conflicting = postPos(document.replace("TransactionGrandAmount\">1.07<",
                "TransactionGrandAmount\">2.07<").getBytes(StandardCharsets.UTF_8));
        assertThat(conflicting.body()).contains("\"status\":\"duplicate\"", "\"reason\":\"key-conflict\"");
        String key = store + "/34/2017-09-30/161";

        JsonNode conflict = one(INBOUND_DLQ, key, null);

        String id = conflict.get("id").asText();
        assertThat(conflict.get("reason").asText()).isEqualTo("key-conflict");
        JsonNode content = ok("GET", "/admin/dead-letters/" + INBOUND_DLQ + "/messages/" + id, null);
        assertThat(content.get("body").asText()).startsWith("<Transaction>").contains(">2.07<")
                .endsWith("</Transaction>");
        assertThat(content.at("/headers/FicusPosScope").asText()).isEqualTo("transaction");
        ok("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/resend", selection(id, null));
        JsonNode again = one(INBOUND_DLQ, key, id);
        assertThat(again.get("reason").asText()).as("read as a POSLog again, not wrong-root")
                .isEqualTo("key-conflict");
        assertThat(again.get("detail").asText()).isEqualTo(conflict.get("detail").asText());
        assertThat(lastAudit().has("reason")).isTrue();
        assertThat(lastAudit().get("reason").isNull()).as("a resend's reason is optional").isTrue();
    }

    @Test
    void shouldResendADocumentTheBrokerGaveUpOnOnceTheDatabaseIsBackAndPublishIt() throws Exception {
        int seq = SEQ.incrementAndGet();
        String key = PosIngestIT.key(seq);
        db.execute("ALTER TABLE ficus." + PosConfiguration.TABLE + " RENAME TO pos_processed_gone");
        JsonNode moved;
        try (JMSContext jms = BROKER.createContext()) {
            jms.createProducer().send(jms.createQueue("pos.inbound"),
                    PosIngestIT.poslog(PosIngestIT.sale(seq)).getBytes(StandardCharsets.UTF_8));
            moved = one(INBOUND_DLQ, key, null);
        } finally {
            db.execute("ALTER TABLE ficus.pos_processed_gone RENAME TO " + PosConfiguration.TABLE);
        }
        assertThat(moved.get("reason").asText()).isEqualTo("max-delivery-attempts");
        assertThat(moved.get("channel").isNull()).isTrue();

        try (JMSContext jms = BROKER.createContext();
             JMSConsumer sales = jms.createConsumer(jms.createTopic("retail.pos.sale-completed"),
                     "FicusPosKey = '" + key + "'")) {
            ok("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/resend", selection(moved.get("id").asText(),
                    "database back"));

            assertThat(sales.receive(20_000)).as("published").isNotNull();
            assertThat(sales.receive(1_000)).as("once").isNull();
        }
        assertThat(search(INBOUND_DLQ, key)).isEmpty();
    }

    @Test
    void shouldResendAPostingDeadLetterOnceRetailCoreRecoversAndPostItOnce() throws Exception {
        int seq = SEQ.incrementAndGet();
        String key = PosIngestIT.key(seq);
        StubMapping down = GATEWAY.stubFor(post(urlPathEqualTo(PosPostingIT.PATH)).atPriority(1)
                .withRequestBody(containing("<TXN_KEY>" + key + "</TXN_KEY>"))
                .willReturn(aResponse().withStatus(500).withBody("database is down")));
        assertThat(postPos(PosIngestIT.poslog(PosIngestIT.sale(seq)).getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(202);

        JsonNode dead = one(POSTING_DLQ, key, null);

        assertThat(dead.get("reason").asText()).isEqualTo("legacy-failed");
        assertThat(dead.get("businessKey").asText()).isEqualTo(key);
        assertThat(dead.get("storeId").asText()).isEqualTo("77");
        assertThat(dead.get("sequenceNumber").asText()).isEqualTo(String.valueOf(seq));
        JsonNode event = json.readTree(ok("GET", "/admin/dead-letters/" + POSTING_DLQ + "/messages/"
                + dead.get("id").asText(), null).get("body").asText());
        assertThat(event.get("subject").asText()).isEqualTo(key);
        GATEWAY.removeStub(down);
        int failedPosts = posts(key);
        assertThat(failedPosts).isEqualTo(3);

        ok("POST", "/admin/dead-letters/" + POSTING_DLQ + "/resend", selection(dead.get("id").asText(), "up"));

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> db.queryForObject(
                "SELECT count(*) FROM retailcore_mimic.pos_sale WHERE txn_key = ?", Integer.class, key) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> posts(key) == failedPosts + 1);
        assertThat(search(POSTING_DLQ, key)).isEmpty();
        assertThat(lastAudit().get("queue").asText()).isEqualTo(POSTING_DLQ);
    }

    int posts(String key) {
        return GATEWAY.findAll(postRequestedFor(urlPathEqualTo(PosPostingIT.PATH))
                .withRequestBody(containing("<TXN_KEY>" + key + "</TXN_KEY>"))).size();
    }

    @Test
    void shouldDiscardOnlyWithAReasonAndAuditWhoDidIt() throws Exception {
        byte[] latin1 = ("<POSLog><Transaction><RetailStoreID>" + store() + "</RetailStoreID>"
                + "<Description>Käse</Description>").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> response = postPos(latin1);
        assertThat(response.statusCode()).isEqualTo(400);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        String id = one(INBOUND_DLQ, requestId, null).get("id").asText();
        JsonNode content = ok("GET", "/admin/dead-letters/" + INBOUND_DLQ + "/messages/" + id, null);
        assertThat(content.get("body").isNull()).as("not UTF-8, which the document (no declaration) claims").isTrue();
        assertThat(Base64.getDecoder().decode(content.get("bodyBase64").asText())).isEqualTo(latin1);

        HttpResponse<String> blank = admin("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/discard",
                selection(id, " "), OPERATOR_KEY);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(blank.body()).get("detail").asText()).contains("reason");

        JsonNode discarded = ok("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/discard",
                "{\"ids\":[\"" + id + "\",\"ID:no-such-message\",\"x' OR 1=1\"],\"reason\":\"test document\"}");

        assertThat(discarded.get("discarded")).extracting(JsonNode::asText).containsExactly(id);
        assertThat(discarded.get("missing")).extracting(JsonNode::asText)
                .containsExactly("ID:no-such-message", "x' OR 1=1");
        assertThat(search(INBOUND_DLQ, requestId)).isEmpty();
        JsonNode audit = lastAudit();
        assertThat(audit.get("action").asText()).isEqualTo("discard");
        assertThat(audit.get("principal").asText()).isEqualTo(OPERATOR);
        assertThat(audit.get("reason").asText()).isEqualTo("test document");
        assertThat(audit.get("messageId").asText()).isEqualTo(id);
        assertThat(db.queryForObject("SELECT count(*) FROM ficus.pos_dead_letter_audit WHERE message_id = ?",
                Integer.class, id)).isOne();
    }

    @Test
    void shouldListOnlyTheConfiguredQueuesAndRefuseAnyOtherAddressAndCallersWithoutTheRole() throws Exception {
        JsonNode queues = ok("GET", "/admin/dead-letters", null).get("queues");
        assertThat(queues).extracting(q -> q.get("name").asText()).containsExactly(INBOUND_DLQ, POSTING_DLQ);
        assertThat(queues).extracting(q -> q.get("resendTo").asText()).containsExactly("pos.inbound", "pos.posting");
        assertThat(queues.get(0).get("messages").isIntegralNumber()).isTrue();

        for (String path : List.of("/admin/dead-letters/pos.inbound/messages",
                "/admin/dead-letters/retail.pos.sale-completed/messages/ID:1")) {
            HttpResponse<String> unknown = admin("GET", path, null, OPERATOR_KEY);
            assertThat(unknown.statusCode()).as(path).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(admin("POST", "/admin/dead-letters/pos.inbound/discard", selection("ID:1", "x"), OPERATOR_KEY)
                .statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/resend", "{\"ids\":[]}", OPERATOR_KEY)
                .statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/admin/dead-letters", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/dead-letters", null, MONITORING_KEY).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldRefuseBadInputPreciselyAndBeforeTouchingAnything() throws Exception {
        long audited = db.queryForObject("SELECT count(*) FROM ficus.pos_dead_letter_audit", Long.class);
        for (String path : List.of("/admin/dead-letters/" + INBOUND_DLQ + "/messages?limit=0",
                "/admin/dead-letters/" + INBOUND_DLQ + "/messages?limit=501",
                "/admin/dead-letters/" + INBOUND_DLQ + "/messages?limit=fifty", "/admin/dead-letters/audit?limit=-1",
                "/admin/dead-letters/audit?limit=1001")) {
            JsonNode problem = problem(admin("GET", path, null, OPERATOR_KEY), 400, path);
            assertThat(problem.get("title").asText()).isEqualTo("Invalid parameter");
            assertThat(problem.get("detail").asText()).as(path).matches("limit must be a whole number from 1 to "
                    + "(500|1000), got '.*'");
            assertThat(problem.get("parameter").asText()).isEqualTo("limit");
        }
        String resend = "/admin/dead-letters/" + INBOUND_DLQ + "/resend";
        JsonNode malformed = problem(admin("POST", resend, "{\"ids\": [\"ID:1\"], \"reason\": 'x'}", OPERATOR_KEY),
                400, resend);
        assertThat(malformed.get("title").asText()).isEqualTo("Invalid selection");
        assertThat(malformed.get("detail").asText()).startsWith("body is not valid JSON: Unexpected character")
                .contains("(line 1, column 29)").endsWith("expected {\"ids\": [\"ID:...\", ...], \"reason\": \"...\"}");
        JsonNode numeric = problem(admin("POST", "/admin/dead-letters/" + INBOUND_DLQ + "/discard",
                "{\"ids\": [123], \"reason\": \"x\"}", OPERATOR_KEY), 400, "/admin/dead-letters/" + INBOUND_DLQ
                + "/discard");
        assertThat(numeric.get("detail").asText()).startsWith("body is not a JSON selection: ids[0]: a string is "
                + "expected");
        String large = "{\"ids\": [\"ID:1\"], \"reason\": \"" + "x".repeat(1024 * 1024) + "\"}";
        JsonNode tooLarge = problem(admin("POST", resend, large, OPERATOR_KEY), 413, resend);
        assertThat(tooLarge.get("maxBytes").asLong()).isEqualTo(1024 * 1024);
        assertThat(tooLarge.get("detail").asText()).contains("ficus.security.max-admin-request-bytes");
        assertThat(db.queryForObject("SELECT count(*) FROM ficus.pos_dead_letter_audit", Long.class))
                .as("nothing was resent or discarded").isEqualTo(audited);
    }

    private JsonNode problem(HttpResponse<String> response, int status, String instance) throws IOException {
        assertThat(response.statusCode()).as(instance + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asText()).isEqualTo(instance.replaceAll("\\?.*", ""));
        assertThat(problem.get("requestId").asText()).isNotBlank();
        return problem;
    }

    private static WireMockServer gateway() {
        WireMockServer server = new WireMockServer(options().port(FreePorts.next()));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().proxiedFrom("http://localhost:" + MIMIC_PORT)));
        return server;
    }
}
