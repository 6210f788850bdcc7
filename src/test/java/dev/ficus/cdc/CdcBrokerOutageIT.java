package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ficus against an external Artemis (ARTEMIS_URL) that goes down: the capture holds the change, reports DOWN
 * (broker unreachable, then the lag above {@code cdc.lag-threshold-ms}) and delivers it by itself once the broker is
 * back.
 */
// Closed after the class: its engine and broker must not run on beside the next test's (2 cores, one JVM)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CdcBrokerOutageIT {

    static final TestPostgres.Database DB = TestPostgres.newNorthwindDatabase("cdc_outage");
    static final int BROKER_PORT = FreePorts.next();
    static final Path BROKER_DIR = FicusTestOptions.tempDir("ficus-outage");
    static EmbeddedActiveMQ broker = startBroker();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(DB).withoutLegacyHttp()
                .withExternalBroker("tcp://localhost:" + BROKER_PORT)
                .dataDir(BROKER_DIR.resolve("ficus")).routesReloadOff()
                .cdcSlot("outage").cdcSnapshotMode("no_data")
                .set("cdc.publish-retry-max-ms", 500)
                .set("cdc.lag-threshold-ms", 3000)
                .captureTable("public.products", "product")
                .registerIn(registry);
    }

    @LocalServerPort
    int port;

    final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldHoldChangesWhileTheBrokerIsDownAndDeliverThemWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                + "pg_replication_slots WHERE slot_name LIKE '%\\_outage' AND active", Integer.class) == 1);
        try (JMSContext context = subscriber()) {
            context.createDurableConsumer(context.createTopic("retail.product.updated"), "outage").close();
        }

        broker.stop();
        jdbc.update("UPDATE products SET units_in_stock = 99 WHERE product_id = 11");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode cdc = json.readTree(get("/actuator/health")).at("/components/cdc");
            assertThat(cdc.path("status").asText()).isEqualTo("DOWN");
            assertThat(cdc.at("/details/error").asText()).contains("Artemis unreachable")
                    .contains("exceeds 3000 ms");
        });

        broker = startBroker();
        try (JMSContext context = subscriber();
             JMSConsumer consumer = context.createDurableConsumer(context.createTopic("retail.product.updated"),
                     "outage")) {
            TextMessage message = (TextMessage) consumer.receive(60_000);
            assertThat(message).as("the change made while the broker was down").isNotNull();
            assertThat(json.readTree(message.getText()).at("/data/after/units_in_stock").asInt()).isEqualTo(99);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                json.readTree(get("/actuator/health")).at("/components/cdc/status").asText()).isEqualTo("UP"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.stop();
    }

    private static JMSContext subscriber() {
        JMSContext context = new ActiveMQConnectionFactory("tcp://localhost:" + BROKER_PORT).createContext();
        context.setClientID("cdc-outage-it");
        return context;
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static EmbeddedActiveMQ startBroker() {
        try {
            ConfigurationImpl config = new ConfigurationImpl();
            config.setPersistenceEnabled(true);
            config.setSecurityEnabled(false);
            config.setJournalDirectory(BROKER_DIR.resolve("journal").toString());
            config.setBindingsDirectory(BROKER_DIR.resolve("bindings").toString());
            config.setLargeMessagesDirectory(BROKER_DIR.resolve("large").toString());
            config.setPagingDirectory(BROKER_DIR.resolve("paging").toString());
            config.addAcceptorConfiguration("tcp", "tcp://localhost:" + BROKER_PORT);
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker: " + e.getMessage(), e);
        }
    }
}
