package dev.ficus.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.playground.mimic.RetailCoreMimic;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The data-path benchmark behind {@code bench/run}: Ficus, the product jar alone in a child JVM, against its peers,
 * each comparison measured side by side in this one run on loopback, every load bounded in time (wrk {@code -d}):
 * <ul>
 *   <li>pass-through {@code /legacy/**} vs nginx as reverse proxy vs nginx serving a 1 KB file;</li>
 *   <li>façade cache hit ({@code GET /api/v1/products/11}) vs nginx as reverse proxy;</li>
 *   <li>POS ingest: one-transaction documents/s over HTTP, transactions/s from {@code pos.inbound};</li>
 *   <li>on a second Ficus with the product cache off ({@code facade.cache.products-ttl-ms=0}): cache miss vs the
 *       RetailCore mimic called directly, and route {@code facade-get-product} in SHADOW vs LEGACY at half
 *       LEGACY's top rate;</li>
 *   <li>start-up time to ready of both, and their resident memory after the loads.</li>
 * </ul>
 * The mimic (WireMock over a fresh Northwind database) and the modern side (a WireMock) run in this JVM; nginx and
 * wrk are child processes. Writes the Markdown table ({@link BenchReport}) to {@code --out} and, with
 * {@code --profiler}, one async-profiler flame graph per path beside it. Arguments: see {@link BenchSettings}.
 * Exit code 0 when every step ran (goals are reported, never asserted), 1 otherwise.
 */
public final class DataPathBenchRun {

    private final BenchSettings settings;
    private final BenchReport report;
    private final Path dir;
    private final String slot = "ficus_bench_" + ProcessHandle.current().pid();

    private DataPathBenchRun(BenchSettings settings) throws IOException {
        this.settings = settings;
        this.report = new BenchReport(!settings.smoke());
        // readable by nginx's workers, which do not run as root
        this.dir = Files.createTempDirectory("ficus-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** @param args see {@link BenchSettings#parse} */
    public static void main(String[] args) {
        int status = 0;
        try {
            BenchSettings settings = BenchSettings.parse(args);
            String md = new DataPathBenchRun(settings).run();
            Files.createDirectories(settings.out().toAbsolutePath().getParent());
            Files.writeString(settings.out(), md, StandardCharsets.UTF_8);
            System.out.println(md);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private String run() throws Exception {
        long started = System.nanoTime();
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("bench");
        RetailCoreMimic mimic = new RetailCoreMimic(db.dataSource(), 0, "USD", Path.of("adapters/retailcore/mimic"));
        WireMockServer modern = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(50).disableRequestJournal());
        Profiler profiler = new Profiler(settings.java(), settings.profilerJar());
        BenchSteps steps = new BenchSteps(settings, report, profiler, dir);
        PosLoad pos = PosLoad.fromSample(Path.of("src/test/resources/pos/ncr-acs-2.1/SMALL.xml"));
        List<long[]> ficusFacts = new ArrayList<>();          // ready ms, RSS MB
        try (Nginx nginx = Nginx.start(dir.resolve("nginx"), FreePorts.next(), FreePorts.next(),
                FreePorts.next())) {
            mimic.start();
            modern.start();
            String mimicUrl = "http://127.0.0.1:" + mimic.port() + "/retailcore";
            Path traffic = trafficFile(modern.baseUrl());
            int artemis = FreePorts.next();
            if (Stream.of("passthrough", "cache-hit", "pos-http", "pos-queue").anyMatch(settings::runs)) {
                try (FicusProcess a = start("cache-on", ficusOptions(db, mimicUrl, nginx, traffic, artemis, "a"))) {
                    if (settings.runs("passthrough")) {
                        steps.passThrough(a, nginx);
                    }
                    if (settings.runs("cache-hit")) {
                        steps.cacheHit(a, nginx);
                    }
                    if (settings.runs("pos-http")) {
                        steps.posHttp(a, pos);
                    }
                    if (settings.runs("pos-queue")) {
                        steps.posQueue(a, pos, "tcp://127.0.0.1:" + artemis);
                    }
                    ficusFacts.add(new long[] {a.readyMs(), a.rssMb()});
                }
            }
            if (Stream.of("cache-miss", "shadow").anyMatch(settings::runs)) {
                FicusTestOptions noCache = ficusOptions(db, mimicUrl, nginx, traffic, FreePorts.next(), "b")
                        .productsCacheTtlMs(0);
                try (FicusProcess b = start("cache-off", noCache)) {
                    Wrk.Result miss = steps.cacheMiss(b, mimicUrl);
                    if (settings.runs("shadow")) {
                        steps.shadow(b, modern, miss.requestsPerSecond());
                    }
                    ficusFacts.add(new long[] {b.readyMs(), b.rssMb()});
                }
            }
        } finally {
            modern.stop();
            mimic.stop();
            dropSlotAndDatabase(db);
        }
        steps.noteCpuPerRequest();
        deleteTree(dir);       // logs, journals and nginx's access log; left in place when a step failed
        String load = BenchReport.load();
        long ready = ficusFacts.stream().mapToLong(f -> f[0]).max().orElse(0);
        long rss = ficusFacts.stream().mapToLong(f -> f[1]).max().orElse(0);
        report.absolute("Start-up to ready, s (process start to health UP and `GET /api/v1/products/11` 200; worst "
                + "of " + ficusFacts.size() + " starts: " + ficusFacts.stream().map(f -> String.format(Locale.ROOT,
                "%.1f", f[0] / 1000.0)).collect(Collectors.joining(", ")) + ")", ready / 1000.0, "s", false, 10, load);
        report.absolute("RSS after the loads, MB (worst of " + ficusFacts.size() + " processes: " + ficusFacts
                .stream().map(f -> Long.toString(f[1])).collect(Collectors.joining(", ")) + ")", rss, "MB", false,
                400, load);
        return report.markdown("Data path: Ficus vs its peers" + (settings.smoke() ? " (smoke run, tiny loads)" : ""),
                header((System.nanoTime() - started) / 1_000_000_000L));
    }

    private FicusProcess start(String name, FicusTestOptions options) throws Exception {
        int port = Integer.parseInt(options.properties().get("server.port"));
        System.out.println("bench: starting Ficus (" + name + ") on port " + port);
        return FicusProcess.start(settings.java(), settings.jvmOptions(), settings.jar(), options.arguments(), port,
                "/api/v1/products/11", dir.resolve("ficus-" + name + ".log"));
    }

    private FicusTestOptions ficusOptions(TestPostgres.Database db, String mimicUrl, Nginx nginx, Path traffic,
                                     int artemisPort, String name) {
        String route = "facade.passthrough.routes[0].";
        return FicusTestOptions.create().httpPort(FreePorts.next()).legacyDatabase(db)
                .legacyHttpAt(mimicUrl.replaceFirst("/retailcore$", "")).artemisPort(artemisPort)
                .dataDir(dir.resolve("data-" + name)).trafficRoutesFile(traffic)
                // what profile prod changes (no route reloading), without its refusal to start while the HTTP
                // surfaces have no credential: the load generator calls from loopback without one, unthrottled
                .routesReloadOff().set("ficus.security.rate-limit.limit-for-period", 0).set("cdc.slot-name", slot)
                .set("pos.posting.enabled", false)
                .set(route + "id", "legacy").set(route + "path-prefix", "/legacy")
                .set(route + "target", nginx.originUrl()).set(route + "connect-timeout-ms", 2000)
                .set(route + "response-timeout-ms", 10000).set(route + "max-connections", 200);
    }

    private Path trafficFile(String modernUrl) throws IOException {
        Path file = dir.resolve("traffic.yml");
        Files.writeString(file, """
                traffic:
                  routes:
                    facade-get-product:
                      initial-state: LEGACY
                      modern-base-url: %s
                      modern-response-timeout-ms: 2000
                      business-key: {source: path, name: id}
                """.formatted(modernUrl));
        return file;
    }

    private List<String> header(long seconds) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        Process version = new ProcessBuilder(settings.java(), "-version").redirectErrorStream(true).start();
        version.waitFor(30, TimeUnit.SECONDS);
        String jdk = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .skip(1).findFirst().orElse("?");
        return List.of(Instant.now() + ", `bench/run" + (settings.smoke() ? " --smoke" : "") + "`, " + seconds
                        + " s for the data path",
                "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), shared; "
                        + "the load generator, nginx, PostgreSQL, the RetailCore mimic and Ficus all run on it",
                "Ficus: `java " + String.join(" ", settings.jvmOptions()) + " -jar " + settings.jar().getFileName()
                        + "` (" + jdk + "), profile `prod`, product jar alone, embedded Artemis, CDC on, "
                        + "POS posting off",
                "Loads: wrk -t1 -c" + settings.connections() + ", " + settings.warmSeconds() + " s warm-up, "
                        + settings.measureSeconds() + " s measured per figure, peer measured right beside it");
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Drops the replication slot of the run's captures and its database (the server keeps WAL for a slot). */
    private void dropSlotAndDatabase(TestPostgres.Database db) {
        String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
        String server = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/')) + "/postgres";
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", db.user());
        if (db.password() != null) {
            login.setProperty("password", db.password());
        }
        try (Connection c = DriverManager.getConnection(server, login);
             Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "' AND NOT active");
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("bench: could not drop slot " + slot + " or database " + name + ": " + e);
        }
    }
}
