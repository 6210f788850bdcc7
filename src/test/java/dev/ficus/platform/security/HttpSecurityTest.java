package dev.ficus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every surface refuses a caller without the right credential with 401/403 problem+json before any handler runs,
 * and lets the right one through: API keys (plain and SHA-256), the admin token, JWTs signed by a key generated
 * here (and one signed by another key), disguised admin paths, health details, the rate limit.
 */
@SpringBootTest(classes = SecurityTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ficus.admin-token=admin-token-for-tests",
                "ficus.security.rate-limit.limit-for-period=3", "ficus.security.rate-limit.period-ms=60000",
                "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=when-authorized",
                "management.endpoint.health.roles=monitoring,operator"})
class HttpSecurityTest {

    static final String TILL_KEY = "till-key-0123456789";
    static final KeyPair SIGNER = rsa();
    static final KeyPair STRANGER = rsa();

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws IOException {
        Path pem = Files.createTempFile("ficus-jwt", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                SIGNER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
        key(registry, 0, "shop", "key", "shop-key-0123456789", "api-client");
        key(registry, 2, "scraper", "key", "scraper-key-0123456789", "monitoring");
        key(registry, 3, "burst", "key", "burst-key-0123456789", "api-client");
        key(registry, 1, "till", "key-sha256", HexFormat.of().formatHex(ApiKeys.sha256(TILL_KEY)).toUpperCase(),
                "pos-producer");
    }

    /** Keys of one list come from one property source: all of them here. */
    static void key(DynamicPropertyRegistry registry, int i, String name, String kind, String value, String role) {
        registry.add("ficus.security.api-keys[" + i + "].name", () -> name);
        registry.add("ficus.security.api-keys[" + i + "]." + kind, () -> value);
        registry.add("ficus.security.api-keys[" + i + "].roles", () -> role);
    }


    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void clear() {
        SecurityTestApp.REACHED.clear();
    }

    @Test
    void shouldRefuseEverySurfaceWithoutACredentialAsAProblemBeforeAnyHandler() throws Exception {
        for (String path : List.of("/api/v1/products/1", "/api/v1/pos/transactions", "/admin/traffic/routes",
                "/console/x", "/legacy/retailcore/products/1", "/actuator/info")) {
            HttpResponse<String> r = send("GET", path, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertProblem(r, 401, path);
            assertThat(r.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Bearer realm=\"ficus\"", "ApiKey realm=\"ficus\", header=\"X-API-Key\"");
        }
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldOpenTheConsolesShellButNotItsDataFragments() throws Exception {
        for (String path : List.of("/console", "/console/assets/console.css")) {
            assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(SecurityTestApp.REACHED).containsExactly("GET /console by nobody",
                "GET /console/assets/console.css by nobody");
        for (String path : List.of("/console/ledger", "/console/", "/CONSOLE/ledger")) {
            assertProblem(send("GET", path, null, null), 401, path);
        }
        assertThat(send("GET", "/console/ledger", "Authorization", "Bearer admin-token-for-tests").body())
                .isEqualTo("admin-token");
    }

    @Test
    void shouldRefuseAWrongKeyAndAWrongTokenWith401() throws Exception {
        assertProblem(send("GET", "/api/v1/products/1", "X-API-Key", "shop-key-0123456780"), 401,
                "/api/v1/products/1");
        HttpResponse<String> wrongToken = send("GET", "/admin/traffic/routes", "Authorization", "Bearer wrong");
        assertProblem(wrongToken, 401, "/admin/traffic/routes");
        assertThat(wrongToken.headers().allValues("WWW-Authenticate")).contains(
                "Bearer realm=\"ficus\", error=\"invalid_token\"");
        assertProblem(send("GET", "/admin/traffic/routes", "Authorization", "Bearer " + jwt(STRANGER, "eve",
                List.of("operator"), Instant.now().plusSeconds(60))), 401, "/admin/traffic/routes");
        assertProblem(send("GET", "/admin/traffic/routes", "Authorization", "Bearer " + jwt(SIGNER, "eve",
                List.of("operator"), Instant.now().minusSeconds(120))), 401, "/admin/traffic/routes");
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldRefuseAKeyWithoutTheSurfacesRoleWith403() throws Exception {
        HttpResponse<String> r = send("PUT", "/admin/traffic/routes/x", "X-API-Key", "shop-key-0123456789");
        assertProblem(r, 403, "/admin/traffic/routes/x");
        assertThat(json.readTree(r.body()).get("detail").asText()).isEqualTo(
                "shop lacks role operator, which /admin/**, /console/**, /cdc/** needs");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"ficus\", error=\"insufficient_scope\"");
        assertProblem(send("POST", "/api/v1/pos/transactions", "X-API-Key", "shop-key-0123456789"), 403,
                "/api/v1/pos/transactions");
        assertProblem(send("GET", "/api/v1/products/1", "Authorization", "Bearer " + jwt(SIGNER, "bob",
                List.of("monitoring"), Instant.now().plusSeconds(60))), 403, "/api/v1/products/1");
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldLetEachRoleIntoItsSurfaceAsItsPrincipal() throws Exception {
        assertThat(send("GET", "/api/v1/products/1", "X-API-Key", "shop-key-0123456789").body()).isEqualTo("shop");
        assertThat(send("POST", "/api/v1/pos/transactions", "X-API-Key", TILL_KEY).body()).isEqualTo("till");
        assertThat(send("GET", "/legacy/x", "X-API-Key", "shop-key-0123456789").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/admin/traffic/routes/x", "Authorization", "Bearer admin-token-for-tests").body())
                .isEqualTo(BearerAuthentication.ADMIN_TOKEN_PRINCIPAL);
        assertThat(send("GET", "/admin/traffic/routes", "Authorization", "Bearer " + jwt(SIGNER, "carol",
                List.of("operator"), Instant.now().plusSeconds(60))).body()).isEqualTo("carol");
        assertThat(send("GET", "/api/v1/products/2", "Authorization", "Bearer " + jwtWithScope("dave",
                "openid ficus:api-client")).body()).isEqualTo("dave");
        assertThat(SecurityTestApp.REACHED).containsExactly("GET /api/v1/products/1 by shop",
                "POST /api/v1/pos/transactions by till", "GET /legacy/x by shop", "PUT /admin/traffic/routes/x by "
                        + BearerAuthentication.ADMIN_TOKEN_PRINCIPAL, "GET /admin/traffic/routes by carol",
                "GET /api/v1/products/2 by dave");
    }

    @Test
    void shouldRefuseDisguisedAdminPathsWithoutACredential() throws Exception {
        for (String path : List.of("/%61dmin/traffic/routes/x", "/admi%6E/traffic/routes/x", "/ADMIN/traffic/routes/x",
                "/admin;x/traffic/routes/x", "//admin/traffic/routes/x", "/admin%2Ftraffic/routes/x",
                "/api/v1/docs/%2e%2e/%2e%2e/%2e%2e/admin/traffic/routes/x")) {
            HttpResponse<String> r = send("PUT", path, "X-API-Key", "shop-key-0123456789");
            assertThat(r.statusCode()).as(path + r.body()).isIn(400, 403);
            assertThat(r.headers().firstValue("Content-Type")).as(path + r.body()).hasValue("application/problem+json");
            r = send("PUT", path, null, null);
            assertThat(r.statusCode()).as(path).isIn(400, 401);
        }
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldShowHealthDetailsToMonitoringOnly() throws Exception {
        JsonNode anonymous = json.readTree(send("GET", "/actuator/health", null, null).body());
        assertThat(anonymous.get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        JsonNode scraper = json.readTree(send("GET", "/actuator/health", "X-API-Key", "scraper-key-0123456789").body());
        assertThat(scraper.at("/components/diskSpace/details/total").isNumber()).isTrue();
        JsonNode shop = json.readTree(send("GET", "/actuator/health", "X-API-Key", "shop-key-0123456789").body());
        assertThat(shop.has("components")).isFalse();
    }

    @Test
    void shouldAnswer429WithRetryAfterOverThePerClientLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send("GET", "/api/v1/products/" + i, "X-API-Key", "burst-key-0123456789").statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> over = send("GET", "/api/v1/products/9", "X-API-Key", "burst-key-0123456789");
        assertProblem(over, 429, "/api/v1/products/9");
        long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(send("GET", "/api/v1/products/1", "X-API-Key", "shop-key-0123456789").statusCode())
                .as("another client has its own limit").isEqualTo(200);
        assertThat(SecurityTestApp.REACHED).doesNotContain("GET /api/v1/products/9 by burst");
    }

    @Test
    void shouldAnswerAVeryLongPathAsAProblem() throws Exception {
        String path = "/api/v1/products/" + "x".repeat(10_000);
        HttpResponse<String> r = send("GET", path, "X-API-Key", "shop-key-0123456789");
        assertProblem(r, 414, path);
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }

    @Test
    void shouldAnswerErrorPagesAsProblems() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/docs/%2e%2e/%2e%2e/%2e%2e/admin/traffic/routes/x", null, null);
        assertProblem(r, 400, "/api/v1/docs/%2e%2e/%2e%2e/%2e%2e/admin/traffic/routes/x");
        assertThat(r.body()).doesNotContain("timestamp");

        HttpResponse<String> failed = send("POST", "/admin/boom", "Authorization", "Bearer admin-token-for-tests");
        assertProblem(failed, 500, "/admin/boom");
        assertThat(failed.body()).doesNotContain("database gone");
    }

    private void assertProblem(HttpResponse<String> r, int status, String instance) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asText()).isEqualTo(instance);
        assertThat(problem.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    }

    private HttpResponse<String> send(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String jwt(KeyPair key, String subject, List<String> roles, Instant expires) {
        return encode(key, JwtClaimsSet.builder().subject(subject).claim("roles", roles)
                .issuedAt(expires.minusSeconds(300)).expiresAt(expires).build());
    }

    static String jwtWithScope(String subject, String scope) {
        return encode(SIGNER, JwtClaimsSet.builder().subject(subject).claim("scope", scope)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build());
    }

    private static String encode(KeyPair key, JwtClaimsSet claims) {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) key.getPublic()).privateKey((RSAPrivateKey) key.getPrivate())
                .build();
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)))
                .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
