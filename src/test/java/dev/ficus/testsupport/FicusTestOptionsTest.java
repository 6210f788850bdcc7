package dev.ficus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FicusTestOptionsTest {

    static final TestPostgres.Database DB = new TestPostgres.Database("jdbc:postgresql://localhost:5432/app_1_1",
            "postgres", null, null);

    @Test
    void shouldListArgumentsInTheOrderKeysWereFirstSetWithTheLastValue() {
        FicusTestOptions options = FicusTestOptions.create().httpPort(8080).artemisPort(61616).httpPort(0);

        assertThat(options.arguments()).containsExactly("--server.port=0", "--ficus.artemis.port=61616");
    }

    @Test
    void shouldSetTheMimicAsLegacyHttpAndTheDatabase() {
        FicusTestOptions options = FicusTestOptions.create().legacyDatabase(DB).withMimic(8090);

        assertThat(options.properties()).containsExactly(
                entry("legacy.db.url", "jdbc:postgresql://localhost:5432/app_1_1"),
                entry("legacy.db.user", "postgres"),
                entry("playground.mimic.enabled", "true"),
                entry("playground.mimic.port", "8090"),
                entry("legacy.base-url", "http://localhost:8090"));
    }

    @Test
    void shouldPointLegacyHttpAtTheDiscardPortWithoutLegacyHttp() {
        assertThat(FicusTestOptions.create().withoutLegacyHttp().properties())
                .containsExactly(entry("legacy.base-url", "http://127.0.0.1:9"));
    }

    @Test
    void shouldRunTheCatalogAndSendTrafficControlsModernShareToIt() {
        assertThat(FicusTestOptions.create().withCatalog(8091).properties()).containsExactly(
                entry("playground.catalog.enabled", "true"),
                entry("playground.catalog.port", "8091"),
                entry("TRAFFIC_CATALOG_URL", "http://localhost:8091"));
    }

    @Test
    void shouldSetWhatExternalBrokerEnvironmentWouldDerive() {
        assertThat(FicusTestOptions.create().withExternalBroker("tcp://localhost:1234").properties()).containsExactly(
                entry("ficus.artemis.url", "tcp://localhost:1234"),
                entry("spring.artemis.mode", "native"),
                entry("spring.artemis.embedded.enabled", "false"),
                entry("spring.artemis.broker-url", "tcp://localhost:1234"));
    }

    @Test
    void shouldIndexCapturedTablesInCallOrderAndLeaveOutAMissingEntity() {
        FicusTestOptions options = FicusTestOptions.create().cdcSlot("nw").captureTable("public.products", "product")
                .captureTable("public.audit_log", null);

        assertThat(options.properties()).containsExactly(
                entry("cdc.slot-name", "ficus_it_" + ProcessHandle.current().pid() + "_nw"),
                entry("cdc.tables[0].name", "public.products"),
                entry("cdc.tables[0].entity", "product"),
                entry("cdc.tables[1].name", "public.audit_log"));
        assertThat(FicusTestOptions.slotName("nw")).isEqualTo(options.properties().get("cdc.slot-name"));
    }

    @Test
    void shouldReloadRoutesFromTheDirectoryOrOnlyReadThem() {
        Path dir = Path.of("/tmp/routes-x");

        assertThat(FicusTestOptions.create().routesReloadedFrom(dir).properties()).containsExactly(
                entry("camel.main.routes-include-pattern", "file:/tmp/routes-x/**/*.camel.yaml"),
                entry("camel.main.routes-reload-directory", "/tmp/routes-x"));
        assertThat(FicusTestOptions.create().routeFilesFrom(dir).routesReloadOff().properties()).containsExactly(
                entry("camel.main.routes-include-pattern", "file:/tmp/routes-x/**/*.camel.yaml"),
                entry("camel.main.routes-reload-enabled", "false"));
    }

    @Test
    void shouldSetBothCacheTtlsOrOnlyTheProductOne() {
        assertThat(FicusTestOptions.create().cacheTtlMs(10_000).properties()).containsExactly(
                entry("facade.cache.products-ttl-ms", "10000"), entry("facade.cache.inventory-ttl-ms", "10000"));
        assertThat(FicusTestOptions.create().productsCacheTtlMs(0).properties())
                .containsExactly(entry("facade.cache.products-ttl-ms", "0"));
    }

    @Test
    void shouldLetLaterOptionsWinInTheirEarlierPlace() {
        FicusTestOptions options = FicusTestOptions.create().httpPort(1).withMimic(2).artemisPort(3)
                .setAll(FicusTestOptions.create().legacyDatabase(DB).artemisPort(4));

        assertThat(options.properties().keySet()).containsExactly("server.port", "playground.mimic.enabled",
                "playground.mimic.port", "legacy.base-url", "ficus.artemis.port", "legacy.db.url", "legacy.db.user");
        assertThat(options.properties()).containsEntry("ficus.artemis.port", "4");
    }

    @Test
    void shouldRegisterEveryOptionInASpringTestContext() {
        FicusTestOptions options = FicusTestOptions.create().legacyDatabase(DB).embeddedBrokerId(1).withoutCdc()
                .dataDir(Path.of("/tmp/d")).adminToken("t").posDropOff().set("traffic.gate-interval-ms", 200);
        Map<String, Object> registered = new LinkedHashMap<>();

        options.registerIn((key, value) -> registered.put(key, value.get()));

        assertThat(registered).containsExactlyEntriesOf(options.properties())
                .containsEntry("spring.artemis.embedded.server-id", "1")
                .containsEntry("cdc.enabled", "false")
                .containsEntry("ficus.data-dir", "/tmp/d")
                .containsEntry("ficus.admin-token", "t")
                .containsEntry("pos.drop.enabled", "false")
                .containsEntry("traffic.gate-interval-ms", "200");
    }

    @Test
    void shouldRunTheRealMainClassOnThisClassPathInAChildJvm() {
        assertThat(FicusTestOptions.create().withCdc().childJvmCommand("-Xmx512m")).containsExactly(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.ficus.FicusApplication", "--cdc.enabled=true");
    }

    @Test
    void shouldCopyTheProjectsRoutesIntoANewDirectory() throws Exception {
        Path copy = FicusTestOptions.copyOfRoutes();

        assertThat(copy.getFileName().toString()).startsWith("ficus-routes");
        assertThat(copy.resolve("facade/products.camel.yaml"))
                .hasSameTextualContentAs(Path.of("routes/facade/products.camel.yaml"));
        assertThat(Files.isSameFile(copy, Path.of("routes"))).isFalse();
    }
}
