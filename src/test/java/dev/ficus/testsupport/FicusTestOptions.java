package dev.ficus.testsupport;

import dev.ficus.FicusApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings a test starts Ficus with, declared once for every integration test and load run: a fluent list of
 * Spring properties that a test applies either to a Spring test context ({@link #registerIn}, from a
 * {@code @DynamicPropertySource} method) or to a Ficus started by hand ({@link #arguments()} as {@code --key=value}
 * command-line arguments, {@link #childJvmCommand} for a child JVM running the real main class).
 *
 * <p>Nothing is set unless a method asks for it: what a test does not state keeps the value of
 * {@code application.yml}. Each method names the properties it sets; values are fixed when the method is called
 * (a port or directory is chosen once, never again when Spring reads the property). Setting a key again replaces
 * its value and keeps its place in {@link #arguments()}.
 *
 * <p>A typical test context:
 * <pre>{@code
 * @DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) {
 *     FicusTestOptions.create().legacyDatabase(DB).withMimic(MIMIC_PORT).artemisPort(ARTEMIS_PORT)
 *             .embeddedBrokerId(3).dataDir(DATA_DIR).withoutCdc().routesReloadOff()
 *             .set("pos.drop.poll-delay-ms", 200)
 *             .registerIn(registry);
 * }
 * }</pre>
 * Spring caches a test context per set of {@code @DynamicPropertySource} methods: test classes that inherit one
 * method (as the subclasses of {@link FullApplication} do) share one running application.
 */
public final class FicusTestOptions {

    /**
     * {@code legacy.base-url} of tests that make no RetailCore HTTP call: the discard port of the loopback address,
     * where nothing answers (a call would fail at once rather than reach a real system).
     */
    public static final String NO_LEGACY_HTTP = "http://127.0.0.1:9";

    /** Password of every broker user {@link #withBrokerUsers()} configures. */
    public static final String BROKER_SECRET = "broker-test-secret";
    /** Broker user with role {@code admin} (everything): what a test reads events and dead letters as. */
    public static final String BROKER_ADMIN = "ops";
    /** Broker user with role {@code pos-producer}: a till. */
    public static final String BROKER_TILL = "till";

    private final Map<String, String> options = new LinkedHashMap<>();
    private int capturedTables;

    private FicusTestOptions() {
    }

    /** @return options that set nothing yet */
    public static FicusTestOptions create() {
        return new FicusTestOptions();
    }

    /**
     * The legacy RetailCore database: {@code legacy.db.url} and {@code legacy.db.user} (no password: the test
     * server needs none).
     *
     * @param database a database from {@link TestPostgres}
     */
    public FicusTestOptions legacyDatabase(TestPostgres.Database database) {
        return set("legacy.db.url", database.jdbcUrl()).set("legacy.db.user", database.user());
    }

    /**
     * Ficus calls the playground's RetailCore mimic as legacy: {@code playground.mimic.enabled=true},
     * {@code playground.mimic.port} and {@code legacy.base-url=http://localhost:<port>}.
     *
     * @param port TCP port the mimic listens on (127.0.0.1), e.g. from {@link FreePorts#next()}
     */
    public FicusTestOptions withMimic(int port) {
        return set("playground.mimic.enabled", true).set("playground.mimic.port", port)
                .legacyHttpAt("http://localhost:" + port);
    }

    /**
     * Ficus calls RetailCore over HTTP at this base URL ({@code legacy.base-url}), e.g. a WireMock server.
     *
     * @param baseUrl scheme, host and port, no trailing slash, e.g. {@code http://localhost:8090}
     */
    public FicusTestOptions legacyHttpAt(String baseUrl) {
        return set("legacy.base-url", baseUrl);
    }

    /** The test makes no RetailCore HTTP call: {@code legacy.base-url=}{@value #NO_LEGACY_HTTP}. */
    public FicusTestOptions withoutLegacyHttp() {
        return legacyHttpAt(NO_LEGACY_HTTP);
    }

    /**
     * The playground's demo catalog service runs, and traffic control sends the product routes' modern share to it:
     * {@code playground.catalog.enabled=true}, {@code playground.catalog.port} and
     * {@code TRAFFIC_CATALOG_URL=http://localhost:<port>} (the placeholder {@code config/traffic.yml} uses for the
     * modern base URL). Needs the {@code playground} profile.
     *
     * @param port TCP port the catalog listens on (127.0.0.1)
     */
    public FicusTestOptions withCatalog(int port) {
        return set("playground.catalog.enabled", true).set("playground.catalog.port", port)
                .set("TRAFFIC_CATALOG_URL", "http://localhost:" + port);
    }

    /**
     * The HTTP port of the façade, REST API and actuator: {@code server.port}. A Spring test context with
     * {@code RANDOM_PORT} chooses its own; a Ficus started by hand needs one.
     *
     * @param port TCP port; 0 = any free port (read it back from {@code local.server.port})
     */
    public FicusTestOptions httpPort(int port) {
        return set("server.port", port);
    }

    /**
     * The embedded Artemis broker's multi-protocol acceptor (CORE, AMQP, STOMP, MQTT, OpenWire):
     * {@code ficus.artemis.port}.
     *
     * @param port TCP port, e.g. from {@link FreePorts#next()}
     */
    public FicusTestOptions artemisPort(int port) {
        return set("ficus.artemis.port", port);
    }

    /**
     * The embedded broker's in-VM id, {@code spring.artemis.embedded.server-id}: every Spring test context of one
     * test JVM that runs an embedded broker needs its own, as contexts may stay cached side by side. A child JVM
     * does not need one.
     *
     * @param id a number no other test class of the JVM uses (see the existing tests: 1 for {@link FullApplication},
     *           the others each choose one)
     */
    public FicusTestOptions embeddedBrokerId(int id) {
        return set("spring.artemis.embedded.server-id", id);
    }

    /**
     * The embedded broker's security is on: {@code ficus.artemis.users[0..1]} are {@value #BROKER_ADMIN} (role
     * {@code admin}) and {@value #BROKER_TILL} (role {@code pos-producer}), both with password
     * {@value #BROKER_SECRET}; anonymous clients are refused.
     */
    public FicusTestOptions withBrokerUsers() {
        return set("ficus.artemis.users[0].name", BROKER_ADMIN).set("ficus.artemis.users[0].password", BROKER_SECRET)
                .set("ficus.artemis.users[0].roles", "admin")
                .set("ficus.artemis.users[1].name", BROKER_TILL).set("ficus.artemis.users[1].password", BROKER_SECRET)
                .set("ficus.artemis.users[1].roles", "pos-producer");
    }

    /**
     * Ficus uses an external Artemis broker instead of the embedded one: {@code ficus.artemis.url} and what
     * {@code dev.ficus.platform.ExternalBrokerEnvironment} derives from it, {@code spring.artemis.mode=native},
     * {@code spring.artemis.embedded.enabled=false} and {@code spring.artemis.broker-url}, which a
     * {@code @DynamicPropertySource} must set itself (that post-processor runs before such properties exist).
     *
     * @param url the broker's CORE URL, e.g. {@code tcp://localhost:61616}
     */
    public FicusTestOptions withExternalBroker(String url) {
        return set("ficus.artemis.url", url).set("spring.artemis.mode", "native")
                .set("spring.artemis.embedded.enabled", false).set("spring.artemis.broker-url", url);
    }

    /**
     * Ficus's own data directory (embedded broker journal under {@code artemis/}, POS drop directory, its lock):
     * {@code ficus.data-dir}.
     *
     * @param dir a directory of the test's own, e.g. from {@link #tempDir(String)}
     */
    public FicusTestOptions dataDir(Path dir) {
        return set("ficus.data-dir", dir);
    }

    /** Change data capture runs: {@code cdc.enabled=true} (also the default of {@code application.yml}). */
    public FicusTestOptions withCdc() {
        return set("cdc.enabled", true);
    }

    /** Change data capture does not run: {@code cdc.enabled=false}. */
    public FicusTestOptions withoutCdc() {
        return set("cdc.enabled", false);
    }

    /**
     * The replication slot of change data capture, {@code cdc.slot-name}, named by {@link #slotName(String)} so
     * concurrent test JVMs on one PostgreSQL server never share a slot.
     *
     * @param suffix lower-case letters and underscores, names the test
     */
    public FicusTestOptions cdcSlot(String suffix) {
        return set("cdc.slot-name", slotName(suffix));
    }

    /**
     * @param suffix lower-case letters and underscores, names the test
     * @return {@code ficus_it_<pid of this JVM>_<suffix>}, the slot {@link #cdcSlot(String)} sets
     */
    public static String slotName(String suffix) {
        return "ficus_it_" + ProcessHandle.current().pid() + "_" + suffix;
    }

    /**
     * Debezium's snapshot mode: {@code cdc.snapshot-mode}.
     *
     * @param mode {@code initial}, {@code no_data}, {@code always}, ...
     */
    public FicusTestOptions cdcSnapshotMode(String mode) {
        return set("cdc.snapshot-mode", mode);
    }

    /**
     * One more captured table, replacing the captured tables of {@code application.yml}: the first call sets
     * {@code cdc.tables[0].name} and {@code cdc.tables[0].entity}, the next {@code cdc.tables[1].*}, and so on.
     * A table's events, when a test declares them, are set with {@link #set} under that index
     * ({@code cdc.tables[<i>].events[<j>].type}, ...).
     *
     * @param name   {@code schema.table}
     * @param entity the entity name in default event types, or {@code null} for none
     */
    public FicusTestOptions captureTable(String name, String entity) {
        String key = "cdc.tables[" + capturedTables++ + "].";
        set(key + "name", name);
        return entity == null ? this : set(key + "entity", entity);
    }

    /**
     * Route files come from this directory, and Ficus reloads them when they change there:
     * {@code camel.main.routes-include-pattern=file:<dir>/**}{@code /*.camel.yaml} and
     * {@code camel.main.routes-reload-directory=<dir>}.
     *
     * @param dir e.g. {@link #copyOfRoutes()}, which a test may change
     */
    public FicusTestOptions routesReloadedFrom(Path dir) {
        return routeFilesFrom(dir).set("camel.main.routes-reload-directory", dir);
    }

    /**
     * Route files come from this directory (reloading, if on, still watches {@code routes/}):
     * {@code camel.main.routes-include-pattern=file:<dir>/**}{@code /*.camel.yaml}.
     *
     * @param dir directory searched recursively for {@code *.camel.yaml}
     */
    public FicusTestOptions routeFilesFrom(Path dir) {
        return set("camel.main.routes-include-pattern", "file:" + dir + "/**/*.camel.yaml");
    }

    /** Route files are not reloaded when they change: {@code camel.main.routes-reload-enabled=false}. */
    public FicusTestOptions routesReloadOff() {
        return set("camel.main.routes-reload-enabled", false);
    }

    /**
     * Time to live of both façade caches: {@code facade.cache.products-ttl-ms} and
     * {@code facade.cache.inventory-ttl-ms}.
     *
     * @param ms milliseconds; 0 = no cache
     */
    public FicusTestOptions cacheTtlMs(long ms) {
        return productsCacheTtlMs(ms).set("facade.cache.inventory-ttl-ms", ms);
    }

    /**
     * Time to live of the façade's product cache only: {@code facade.cache.products-ttl-ms}.
     *
     * @param ms milliseconds; 0 = no cache
     */
    public FicusTestOptions productsCacheTtlMs(long ms) {
        return set("facade.cache.products-ttl-ms", ms);
    }

    /**
     * {@code Authorization: Bearer <token>} authenticates as {@code admin-token} with the role {@code operator}
     * (everything under {@code /admin/**}): {@code ficus.admin-token}.
     *
     * @param token the bearer token
     */
    public FicusTestOptions adminToken(String token) {
        return set("ficus.admin-token", token);
    }

    /**
     * An API key ({@code X-API-Key}): {@code ficus.security.api-keys[index]}. All keys of one test must be set here
     * (Spring Boot binds a list from one property source).
     *
     * @param index position in the list, from 0
     * @param name  the principal's name
     * @param key   the key, at least 16 characters
     * @param roles comma-separated role names, e.g. {@code operator} or {@code api-client,monitoring}
     */
    public FicusTestOptions apiKey(int index, String name, String key, String roles) {
        String prefix = "ficus.security.api-keys[" + index + "].";
        return set(prefix + "name", name).set(prefix + "key", key).set(prefix + "roles", roles);
    }

    /**
     * Traffic control's route declarations come from this file instead of {@code config/traffic.yml}:
     * {@code traffic.routes-file}.
     *
     * @param file a YAML file with a {@code traffic.routes} map
     */
    public FicusTestOptions trafficRoutesFile(Path file) {
        return set("traffic.routes-file", file);
    }

    /** The POS drop directory is not polled: {@code pos.drop.enabled=false}. */
    public FicusTestOptions posDropOff() {
        return set("pos.drop.enabled", false);
    }

    /**
     * Any other property, for what is special about one test.
     *
     * @param key   the property name as in {@code application.yml}, e.g. {@code traffic.gate-interval-ms}
     * @param value its value, written with {@link String#valueOf(Object)}
     * @throws NullPointerException when {@code value} is null
     */
    public FicusTestOptions set(String key, Object value) {
        options.put(key, String.valueOf(Objects.requireNonNull(value, key)));
        return this;
    }

    /**
     * Adds every option of {@code more}, in its order; its values win where both set a key.
     *
     * @param more further options
     */
    public FicusTestOptions setAll(FicusTestOptions more) {
        options.putAll(more.options);
        return this;
    }

    /** @return property name to value, in the order they were first set (a read-only view) */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(options);
    }

    /**
     * Adds every option to a Spring test context; call from the test class's {@code @DynamicPropertySource}
     * method. Such properties win over {@code application.yml} and environment variables.
     *
     * @param registry the registry Spring passes to that method
     */
    public void registerIn(DynamicPropertyRegistry registry) {
        options.forEach((key, value) -> registry.add(key, () -> value));
    }

    /**
     * @return Spring Boot command-line arguments, {@code --key=value} each, in the order the keys were first set;
     *     they win over {@code application.yml} and environment variables
     */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        options.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }

    /**
     * The command that runs the real main class, {@link FicusApplication}, in a child JVM on this test class path:
     * {@code <java.home>/bin/java <jvmOptions> -cp <java.class.path> dev.ficus.FicusApplication <arguments()>}.
     *
     * @param jvmOptions options of the child JVM, e.g. {@code -Xmx512m}
     * @return the command for a {@link ProcessBuilder}
     */
    public List<String> childJvmCommand(String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FicusApplication.class.getName()));
        command.addAll(arguments());
        return command;
    }

    /**
     * @param prefix start of the directory's name
     * @return a new empty directory under {@code java.io.tmpdir}
     * @throws UncheckedIOException when it cannot be created
     */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the project's {@code routes/} tree into a new temporary directory ({@code ficus-routes<n>}), so a test
     * may add, change and delete route files without touching the project's.
     *
     * @return the copy's root
     * @throws IllegalStateException when {@code routes/} cannot be copied
     */
    public static Path copyOfRoutes() {
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
}
