package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.HierarchicalRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * POS over HTTP when the events cannot be published: the embedded broker (security on) really refuses Ficus's
 * sends to the event addresses {@code retail.pos.#} (their roles are taken away at run time, as an operator's
 * security change would), and the till gets 503 {@code application/problem+json} with {@code Retry-After} and the
 * request id, never Camel's stack trace; once the roles are back the same document is published (202).
 */
// Closed after the class: a second embedded Artemis (server id 0) cannot run beside it in the same JVM.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PosHttpPublishFailureIT {

    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-pos-publish-failure");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(TestPostgres.newNorthwindDatabase("pospubfail"))
                .withoutLegacyHttp().artemisPort(FreePorts.next()).withBrokerUsers().embeddedBrokerId(41)
                .withoutCdc().dataDir(DATA_DIR).posDropOff().routesReloadOff().set("pos.posting.enabled", false)
                .registerIn(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedActiveMQ embeddedBroker;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAnswer503ProblemWhileTheBrokerRefusesTheEventsAndPublishOnceItTakesThemAgain() throws Exception {
        byte[] document = PosIngestIT.poslog(PosIngestIT.sale(4101)).getBytes(StandardCharsets.UTF_8);
        HierarchicalRepository<Set<Role>> security = embeddedBroker.getActiveMQServer().getSecurityRepository();
        Set<Role> roles = security.getMatch("retail.pos.sale-completed");
        security.addMatch(PosBrokerConfiguration.EVENT_ADDRESSES, Set.of());
        HttpResponse<String> refused;
        try {
            refused = post(document, "refused-1");
        } finally {
            security.addMatch(PosBrokerConfiguration.EVENT_ADDRESSES, roles);
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("requestId").asText()).isEqualTo("refused-1");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/pos/transactions");
        assertThat(problem.path("detail").asText()).contains("publish");

        HttpResponse<String> again = post(document, "again-1");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json.readTree(again.body()).at("/results/0/status").asText()).isEqualTo("published");
    }

    HttpResponse<String> post(byte[] body, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/pos/transactions"))
                .header("Content-Type", "application/xml").header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
