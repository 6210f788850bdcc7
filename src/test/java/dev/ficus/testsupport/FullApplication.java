package dev.ficus.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole application as the main job does: a real PostgreSQL with Northwind (from
 * {@link TestPostgres}), embedded Artemis on a free port, the RetailCore mimic on a free port, the façade on a
 * random port, routes copied from {@code routes/} into a temporary directory (so a test may add route files).
 * Every subclass shares one Spring context (same configuration), so the application starts once per test JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FullApplication {

    protected static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("app");
    protected static final int MIMIC_PORT = FreePorts.next();
    protected static final int ARTEMIS_PORT = FreePorts.next();
    protected static final Path ROUTES = copyRoutes();
    protected static final Path DATA_DIR = tempDir("ficus-data");

    @DynamicPropertySource
    static void fullApplicationProperties(DynamicPropertyRegistry registry) {
        registry.add("legacy.db.url", LEGACY_DB::jdbcUrl);
        registry.add("legacy.db.user", LEGACY_DB::user);
        registry.add("playground.mimic.enabled", () -> "true");
        registry.add("playground.mimic.port", () -> MIMIC_PORT);
        registry.add("legacy.base-url", () -> "http://localhost:" + MIMIC_PORT);
        registry.add("ficus.artemis.port", () -> ARTEMIS_PORT);
        registry.add("spring.artemis.embedded.server-id", () -> 1);
        registry.add("cdc.enabled", () -> "false");   // change data capture has its own tests (dev.ficus.cdc)
        registry.add("ficus.data-dir", DATA_DIR::toString);
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/**/*.camel.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
        registry.add("facade.cache.products-ttl-ms", () -> CACHE_TTL_MS);
        registry.add("facade.cache.inventory-ttl-ms", () -> CACHE_TTL_MS);
    }

    /** TTL of the façade caches in these tests, ms. */
    protected static final long CACHE_TTL_MS = 10_000;

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

    private static Path copyRoutes() {
        Path target = tempDir("ficus-routes");
        Path source = Path.of("routes");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy routes/ for the test", e);
        }
    }

    protected static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
