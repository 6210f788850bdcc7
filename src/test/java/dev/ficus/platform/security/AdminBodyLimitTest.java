package dev.ficus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /admin/**} request bodies are bounded by {@code ficus.security.max-admin-request-bytes} on the real servlet
 * stack: 413 problem+json beyond it (declared or streamed), the body handed on up to it, and a caller without the
 * role {@code operator} refused 401 first. Set to 1000 bytes here; the default is 1 MiB.
 */
@SpringBootTest(classes = SecurityTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ficus.admin-token=admin-token-for-tests", "ficus.security.max-admin-request-bytes=1000"})
class AdminBodyLimitTest {

    static final String PATH = "/admin/dead-letters/pos.inbound.DLQ/resend";
    static final String TOKEN = "Bearer admin-token-for-tests";

    @LocalServerPort
    int port;

    @Autowired
    HttpSecurityProperties properties;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clear() {
        SecurityTestApp.REACHED.clear();
    }

    HttpResponse<String> post(String path, byte[] body, boolean chunked, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] json(int bytes) {
        String prefix = "{\"ids\":[\"ID:1\"],\"reason\":\"";
        return (prefix + "x".repeat(bytes - prefix.length() - 2) + "\"}").getBytes();
    }

    @Test
    void shouldAnswer413BeyondTheLimitWhetherDeclaredOrStreamed() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> r = post(PATH, json(1001), chunked, TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(413);
            assertThat(problem.get("title").asText()).isEqualTo("Payload Too Large");
            assertThat(problem.get("instance").asText()).isEqualTo(PATH);
            assertThat(problem.get("maxBytes").asLong()).isEqualTo(1000);
            assertThat(problem.get("detail").asText()).contains("than 1000 bytes, the limit set by "
                    + "ficus.security.max-admin-request-bytes");
        }
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldHandOnABodyAtTheLimit() throws Exception {
        HttpResponse<String> r = post(PATH, json(1000), true, TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(SecurityTestApp.REACHED).containsExactly("POST " + PATH + " by admin-token");
    }

    @Test
    void shouldRefuseACallerWithoutTheRoleBeforeLookingAtTheBody() throws Exception {
        HttpResponse<String> r = post(PATH, json(5000), false, "Bearer wrong");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldDefaultTo1MiB() {
        assertThat(new Binder(new MapConfigurationPropertySource()).bindOrCreate("ficus.security",
                HttpSecurityProperties.class).maxAdminRequestBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void shouldLeaveOtherSurfacesToTheirOwnLimits() throws Exception {
        HttpResponse<String> r = post("/console/x", json(5000), false, TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(properties.maxAdminRequestBytes()).isEqualTo(1000);
    }
}
