package dev.ficus.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.FicusApplication;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The change-data-capture benchmark behind {@code bench/cdc-throughput}: Ficus (the product, embedded Artemis) captures
 * a fresh Northwind database while {@code pgbench} updates {@code products} (one row per transaction, so every
 * transaction is one change and two events: {@code retail.product.changed} and
 * {@code retail.inventory.stock-changed}); a JMS subscriber on {@code retail.product.changed} counts the changes that
 * arrive and their commit-to-arrival lag (arrival time minus the CloudEvent's {@code time}, the commit time).
 *
 * <p>After a warm-up load (first client count, {@code -Dbench.warmup} seconds, default 30, discarded: with a shorter
 * one the C2 compiler still took a core during the first measured load), per client count (default 4 and 16): pgbench
 * at its top rate for {@code seconds}, then the time until the last
 * change arrived. Reports committed changes/s (pgbench's tps), published changes/s (changes ÷ time from the start of
 * the load to the last arrival), their ratio, catch-up after the load (last arrival minus pgbench's end), and lag
 * p50/p99 at half the top rate of the 4-client run, and the CPU time this JVM (Ficus and the subscriber) spent per
 * change from the start of each load to the last arrival. Writes a Markdown table to stdout and to the file given as first
 * argument.
 *
 * <p>Arguments: output file, seconds per load (20), client counts (4,16). Needs {@code pgbench} on the PATH and
 * PostgreSQL with {@code wal_level=logical} ({@code FICUS_TEST_PG_URL}, else an embedded one).
 */
public final class CdcThroughputRun {

    private static final String SLOT = "ficus_cdc_bench_" + ProcessHandle.current().pid();
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong arrived = new AtomicLong();
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final List<Long> lagMs = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean measuringLag;

    private CdcThroughputRun() {
    }

    /**
     * @param args output file, seconds per load, comma-separated client counts
     * @throws Exception when PostgreSQL, pgbench or Ficus fail
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/cdc-throughput.md");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<Integer> clients = new ArrayList<>();
        for (String c : (args.length > 2 ? args[2] : "4,16").split(",")) {
            clients.add(Integer.parseInt(c.strip()));
        }
        String report = new CdcThroughputRun().run(seconds, clients);
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.exit(0);
    }

    private String run(int seconds, List<Integer> clientCounts) throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_bench");
        Path dir = Files.createTempDirectory("ficus-cdc-bench");
        Path script = dir.resolve("update-stock.sql");
        Files.writeString(script, """
                \\set id random(1, 77)
                UPDATE products SET units_in_stock = (units_in_stock + 1) % 1000 WHERE product_id = :id;
                """);
        ConfigurableApplicationContext ficus = new SpringApplicationBuilder(FicusApplication.class).run(
                "--server.port=0", "--legacy.db.url=" + db.jdbcUrl(), "--legacy.db.user=" + db.user(),
                "--legacy.base-url=http://127.0.0.1:9", "--ficus.artemis.port=" + FreePorts.next(),
                "--ficus.data-dir=" + dir.resolve("data"), "--cdc.snapshot-mode=no_data",
                "--cdc.slot-name=" + SLOT, "--pos.drop.enabled=false",
                "--pos.posting.enabled=false", "--camel.main.routes-reload-enabled=false",
                "--logging.level.root=WARN", "--facade.cache.evict-on-change="
                        + System.getProperty("bench.evict", "true"));
        StringBuilder table = new StringBuilder("""
                | load | committed changes/s (pgbench) | published changes/s (Ficus, during the load) | published ÷ committed by the end of the load | last change arrived after the load ended | commit-to-arrival lag p50 / p99 | Ficus JVM CPU per change |
                |---|---|---|---|---|---|---|
                """);
        try (Connection connection = ficus.getBean(ConnectionFactory.class).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("retail.product.changed"));
            consumer.setMessageListener(message -> arrivedNow(message));
            connection.start();
            // warm-up: JIT (C2 alone took 33 s of CPU in a 70 s run), pools, caches
            load(db, script, clientCounts.get(0), Integer.getInteger("bench.warmup", 30), 0);
            double topTps4 = 0;
            for (int clients : clientCounts) {
                Load load = load(db, script, clients, seconds, 0);
                topTps4 = topTps4 == 0 ? load.tps() : topTps4;
                table.append(row(clients + " clients, top rate", load, List.of()));
            }
            int halfRate = (int) Math.max(1, topTps4 / 2);
            lagMs.clear();
            measuringLag = true;
            Load half = load(db, script, clientCounts.get(0), seconds, halfRate);
            table.append(row(clientCounts.get(0) + " clients, " + halfRate + " tx/s (half the top rate)", half,
                    new ArrayList<>(lagMs)));
        } finally {
            ficus.close();
            dropSlot(db);
        }
        return "# Change data capture: published vs committed\n\n" + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version")
                + ", pgbench updating one products row per transaction for " + seconds + " s\n\n" + table;
    }

    /** The slot would keep WAL on the server after the run: dropped once its walsender has let go (≤ 10 s). */
    private static void dropSlot(TestPostgres.Database db) {
        String sql = "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots"
                + " WHERE slot_name = '" + SLOT + "' AND NOT active";
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> jdbc.queryForObject(sql, Integer.class) == 1);
        } catch (ConditionTimeoutException e) {
            System.err.println("replication slot " + SLOT + " still active: drop it with pg_drop_replication_slot");
        }
    }

    private void arrivedNow(jakarta.jms.Message message) {
        if (measuringLag) {
            measureLag(message);
        }
        arrived.incrementAndGet();
        lastArrivalNanos.set(System.nanoTime());
    }

    private void measureLag(jakarta.jms.Message message) {
        try {
            JsonNode event = json.readTree(((TextMessage) message).getText());
            long commit = Instant.parse(event.path("time").asText()).toEpochMilli();
            lagMs.add(System.currentTimeMillis() - commit);
        } catch (Exception e) {
            // a malformed event counts as arrived; its lag is unknown
        }
    }

    /**
     * @param keptPace           changes arrived by the end of the load ÷ changes committed (1.0 = kept pace)
     * @param publishedPerSecond changes arrived during the load ÷ the load's duration
     */
    private record Load(double tps, long transactions, double keptPace, double publishedPerSecond,
                        double catchUpSeconds, double cpuMicrosPerChange) {
    }

    private Load load(TestPostgres.Database db, Path script, int clients, int seconds, int rate) throws Exception {
        long before = arrived.get();
        long start = System.nanoTime();
        long cpuBefore = processCpuNanos();
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-f", script.toString(), "-c",
                Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds)));
        if (rate > 0) {
            command.addAll(List.of("-R", Integer.toString(rate)));
        }
        command.addAll(connectionArgs(db));
        Process pgbench = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (pgbench.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        long end = System.nanoTime();
        long arrivedByEnd = arrived.get() - before;
        double tps = Double.parseDouble(match(TPS, output));
        long transactions = Long.parseLong(match(PROCESSED, output));
        long deadline = end + 120_000_000_000L;
        while (arrived.get() - before < transactions && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long got = arrived.get() - before;
        double cpuMicrosPerChange = (processCpuNanos() - cpuBefore) / 1e3 / Math.max(1, got);
        double loadSeconds = (end - start) / 1e9;
        return new Load(tps, transactions, arrivedByEnd / (double) transactions, arrivedByEnd / loadSeconds,
                got < transactions ? Double.NaN : Math.max(0, (lastArrivalNanos.get() - end) / 1e9),
                cpuMicrosPerChange);
    }

    /** CPU time of this JVM (Ficus and the benchmark's subscriber), ns. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String row(String what, Load load, List<Long> lags) {
        String lag = "–";
        if (!lags.isEmpty()) {
            Collections.sort(lags);
            lag = lags.get(lags.size() / 2) + " ms / " + lags.get((int) Math.min(lags.size() - 1,
                    Math.ceil(lags.size() * 0.99) - 1)) + " ms";
        }
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %s | %s | %.0f µs |%n", what, load.tps(),
                load.publishedPerSecond(), load.keptPace(),
                Double.isNaN(load.catchUpSeconds()) ? "not all arrived in 120 s"
                        : String.format(Locale.ROOT, "%.1f s", load.catchUpSeconds()), lag, load.cpuMicrosPerChange());
    }

    private static List<String> connectionArgs(TestPostgres.Database db) {
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        return List.of("-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-U", db.user(),
                uri.getPath().substring(1));
    }

    private static String match(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("unexpected pgbench output: " + output);
        }
        return m.group(1);
    }

}
