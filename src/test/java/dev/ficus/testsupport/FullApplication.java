package dev.ficus.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole application as the main job does: a real PostgreSQL with Northwind (from
 * {@link TestPostgres}), embedded Artemis on a free port, the RetailCore mimic on a free port, the façade on a
 * random port, routes copied from {@code routes/} into a temporary directory (so a test may add route files),
 * change data capture off, façade caches for {@link #CACHE_TTL_MS} (settings: {@link FicusTestOptions}).
 * Every subclass shares one Spring context (same configuration), so the application starts once per test JVM: a
 * subclass must not declare a {@code @DynamicPropertySource} or other context configuration of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FullApplication {

    protected static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("app");
    protected static final int MIMIC_PORT = FreePorts.next();
    protected static final int ARTEMIS_PORT = FreePorts.next();
    protected static final Path ROUTES = FicusTestOptions.copyOfRoutes();
    protected static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-data");

    /** TTL of the façade caches in these tests, ms. */
    protected static final long CACHE_TTL_MS = 10_000;

    /** The one property source of every subclass, so they all share one Spring context. */
    @DynamicPropertySource
    static void fullApplicationProperties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(LEGACY_DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
                .embeddedBrokerId(1)
                .withoutCdc()   // change data capture has its own tests (dev.ficus.cdc)
                .dataDir(DATA_DIR).routesReloadedFrom(ROUTES).cacheTtlMs(CACHE_TTL_MS)
                .registerIn(registry);
    }

    @LocalServerPort
    protected int port;

    protected final JdbcTemplate legacyJdbc = new JdbcTemplate(LEGACY_DB.dataSource());
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** GET {@code path} on the façade, body as a String. */
    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(facade(path)).build());
    }

    /** Sends a request, body as a String. */
    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** @return the façade URI of {@code path} */
    protected URI facade(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
