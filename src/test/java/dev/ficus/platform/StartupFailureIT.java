package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the real main class in a child JVM and checks that each start-up problem ends the process with a
 * non-zero exit code and one clear {@code ficus: cannot start:} line.
 */
class StartupFailureIT {

    static final TestPostgres.Database LEGACY_DB = TestPostgres.newNorthwindDatabase("startup_it");

    record Outcome(int exitCode, String stderr, String stdout) {
        String failureLine() {
            return stderr.lines().filter(l -> l.startsWith("ficus: cannot start:")).findFirst().orElse("");
        }
    }

    @Test
    void shouldExitWithOneLineWhenPostgresIsUnreachable() throws Exception {
        int closedPort = FreePorts.next();

        Outcome outcome = start(FicusTestOptions.create()
                .set("legacy.db.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/northwind")
                .set("legacy.db.connect-timeout-ms", 2000));

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine())
                .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort + "/northwind is unreachable");
    }

    @Test
    void shouldExitWithOneLineWhenWalLevelIsNotLogical() throws Exception {
        try (EmbeddedPostgres replicaLevel = EmbeddedPostgres.builder().setServerConfig("wal_level", "replica")
                .start()) {
            Outcome outcome = start(FicusTestOptions.create()
                    .set("legacy.db.url", "jdbc:postgresql://localhost:" + replicaLevel.getPort() + "/postgres"));

            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.failureLine()).contains("wal_level=replica").contains("wal_level=logical");
        }
    }

    @Test
    void shouldExitWithOneLineWhenTheHttpPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Outcome outcome = start(validDatabase().httpPort(taken.getLocalPort()));

            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.failureLine()).contains("port " + taken.getLocalPort()).contains("already in use");
        }
    }

    @Test
    void shouldExitWithOneLineWhenProductionHasAnHttpSurfaceWithoutCredential() throws Exception {
        Outcome outcome = start(validDatabase().set("spring.profiles.active", "prod")
                .apiKey(0, "shop", "shop-key-0123456789", "api-client,pos-producer").adminToken("admin-0123456789"));

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine()).isEqualTo("ficus: cannot start: profile prod needs a credential for every "
                + "HTTP surface; none for monitoring (/actuator/**): set ficus.security.api-keys[n] granting that "
                + "role (env FICUS_SECURITY_APIKEYS_0_NAME, _KEY, _ROLES) or a JWT issuer "
                + "(SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI)");
    }

    @Test
    void shouldExitWithOneLineWhenTheArtemisPortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Outcome outcome = start(validDatabase().artemisPort(taken.getLocalPort()));

            assertThat(outcome.exitCode()).isNotZero();
            assertThat(outcome.failureLine()).contains("port " + taken.getLocalPort() + " (Artemis acceptor")
                    .contains("already in use");
        }
    }

    @Test
    void shouldExitWithOneLineWhenProdRunsAnEmbeddedBrokerWithoutUsers() throws Exception {
        Outcome outcome = start(validDatabase().artemisPort(FreePorts.next()).set("spring.profiles.active", "prod")
                .apiKey(0, "ops", "ops-key-0123456789", "api-client,pos-producer,operator,monitoring"));

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine()).contains("the embedded Artemis broker has no users in profile prod")
                .contains("FICUS_ARTEMIS_USERS_0_NAME");
    }

    @Test
    void shouldExitWithFileAndLineWhenARouteFileIsUnreadable() throws Exception {
        Path routes = Files.createTempDirectory("bad-routes");
        Path bad = routes.resolve("broken.camel.yaml");
        Files.writeString(bad, """
                - route:
                    id: broken
                    from:
                      uri: "direct:broken"
                      steps:
                        - setBody: {constant: "unterminated
                """, StandardCharsets.UTF_8);

        Outcome outcome = start(validDatabase().routeFilesFrom(routes).routesReloadOff());

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine()).contains(bad.toString()).containsPattern(":\\d+ ");
    }

    @Test
    void shouldExitNamingBothFilesWhenACopiedRouteFileReusesTheRouteIds() throws Exception {
        Path routes = Files.createTempDirectory("copied-routes");
        Path original = Files.createDirectories(routes.resolve("facade")).resolve("products.camel.yaml");
        Path copy = routes.resolve("facade/products-v2.camel.yaml");
        Files.copy(Path.of("routes/facade/products.camel.yaml"), original);
        Files.copy(original, copy);

        Outcome outcome = start(validDatabase().routeFilesFrom(routes).routesReloadOff());

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine()).containsPattern("route id facade-(list-products|get-product|get-inventory)"
                        + " is declared twice: ")
                .contains(original + ":").contains(copy + ":");
    }

    @Test
    void shouldExitNamingTheFileAndTheJavaRouteWhenARouteFileReusesAJavaRouteId() throws Exception {
        Path routes = Files.createTempDirectory("java-id-routes");
        Path file = routes.resolve("takes-java-id.camel.yaml");
        Files.writeString(file, """
                - route:
                    id: facade-call-legacy
                    from:
                      uri: "direct:not-the-java-route"
                      steps:
                        - setBody: {constant: "replaced"}
                """, StandardCharsets.UTF_8);

        Outcome outcome = start(validDatabase().routeFilesFrom(routes).routesReloadOff());

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.failureLine()).contains("route id facade-call-legacy is declared twice: ")
                .contains(file + ":").contains("Java class dev.ficus.facade.LegacyCallRoutes:");
    }

    private static FicusTestOptions validDatabase() {
        return FicusTestOptions.create().legacyDatabase(LEGACY_DB);
    }

    /**
     * Starts the real main class in a child JVM with an HTTP port, the RetailCore mimic and an Artemis port of its
     * own, a new data directory and then {@code specific} (whose values win), and waits up to 120 s for it to exit.
     */
    private static Outcome start(FicusTestOptions specific) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("ficus-startup");
        List<String> command = FicusTestOptions.create().httpPort(FreePorts.next()).withMimic(FreePorts.next())
                .artemisPort(FreePorts.next()).dataDir(data).setAll(specific).childJvmCommand();
        Process process = new ProcessBuilder(command)
                .redirectError(data.resolve("stderr.txt").toFile())
                .redirectOutput(data.resolve("stdout.txt").toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Ficus did not exit within 120 s; it should have failed at start-up. stdout: "
                    + Files.readString(data.resolve("stdout.txt")));
        }
        return new Outcome(process.exitValue(), Files.readString(data.resolve("stderr.txt")),
                Files.readString(data.resolve("stdout.txt")));
    }
}
