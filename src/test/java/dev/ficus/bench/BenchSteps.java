package dev.ficus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The measured steps of {@link DataPathBenchRun}, each a warm-up load, a measured load and (with a profiler) a
 * separate profiled load whose flame graph is kept; peers are measured right beside the Ficus figure they are
 * compared with, so drift on the shared machine hits both alike.
 */
final class BenchSteps {

    private static final String PRODUCT = "/api/v1/products/11";

    private final BenchSettings settings;
    private final BenchReport report;
    private final Profiler profiler;
    private final Path dir;
    private final java.util.Map<String, String> cpuPerRequest = new java.util.LinkedHashMap<>();

    BenchSteps(BenchSettings settings, BenchReport report, Profiler profiler, Path dir) {
        this.settings = settings;
        this.report = report;
        this.profiler = profiler;
        this.dir = dir;
    }

    /** Pass-through vs nginx as reverse proxy vs nginx serving the file itself. */
    void passThrough(FicusProcess ficus, Nginx nginx) {
        String url = ficus.url() + "/legacy" + Nginx.FILE;
        Wrk.run(url, settings.connections(), settings.warmSeconds(), null);
        Wrk.run(nginx.proxyUrl() + Nginx.FILE, settings.connections(), Math.min(2, settings.warmSeconds()), null);
        String load = BenchReport.load();
        Wrk.Result direct = measure(nginx.originUrl() + Nginx.FILE, null, null);
        Wrk.Result proxy = measure(nginx.proxyUrl() + Nginx.FILE, null, null);
        Wrk.Result tuned = measure(nginx.tunedProxyUrl() + Nginx.FILE, null, null);
        Wrk.Result pass = measureFicus(ficus, "pass-through", url, null, null);
        report.info("nginx serving the 1 KB file directly", direct.summary(), "–", load);
        report.ratio("Pass-through `/legacy/**` → nginx origin, req/s (peer: nginx reverse proxy)",
                pass.requestsPerSecond(), proxy.requestsPerSecond(), "req/s", true, 0.8, load);
        report.ratio("Pass-through p99 (peer: nginx reverse proxy)", pass.p99Ms(), proxy.p99Ms(), "ms", false, 2,
                load);
        report.info("Pass-through req/s, p99 (peer: nginx reverse proxy tuned: keep-alive upstream, no access log)",
                pass.summary(), tuned.summary(), load);
        profile(ficus, "passthrough", url, settings.connections(), null);
    }

    /** Façade cache hit vs nginx as reverse proxy. */
    void cacheHit(FicusProcess ficus, Nginx nginx) throws Exception {
        String url = ficus.url() + PRODUCT;
        ficus.call("GET", PRODUCT, null);
        Wrk.run(url, settings.connections(), settings.warmSeconds(), null);
        String load = BenchReport.load();
        Wrk.Result proxy = measure(nginx.proxyUrl() + Nginx.FILE, null, null);
        Wrk.Result tuned = measure(nginx.tunedProxyUrl() + Nginx.FILE, null, null);
        Wrk.Result hit = measureFicus(ficus, "cache hit", url, null, null);
        report.ratio("Cache hit `GET " + PRODUCT + "`, req/s (peer: nginx reverse proxy)", hit.requestsPerSecond(),
                proxy.requestsPerSecond(), "req/s", true, 0.5, load);
        report.ratio("Cache hit p99 (peer: nginx reverse proxy)", hit.p99Ms(), proxy.p99Ms(), "ms", false, 3, load);
        report.info("Cache hit req/s, p99 (peer: nginx reverse proxy tuned)", hit.summary(), tuned.summary(), load);
        profile(ficus, "cache-hit", url, settings.connections(), null);
    }

    /**
     * Cache miss (RetailCore call and XSLT on every request) vs the RetailCore mimic called directly.
     *
     * @return the cache-miss measurement (LEGACY's top rate)
     */
    Wrk.Result cacheMiss(FicusProcess ficus, String mimicBaseUrl) {
        String url = ficus.url() + PRODUCT;
        String mimic = mimicBaseUrl + "/products/11";
        Wrk.run(url, settings.connections(), settings.warmSeconds(), null);
        Wrk.run(mimic, settings.connections(), Math.min(2, settings.warmSeconds()), null);
        String load = BenchReport.load();
        Wrk.Result direct = measure(mimic, null, null);
        Wrk.Result miss = measureFicus(ficus, "cache miss", url, null, null);
        report.ratio("Cache miss `GET " + PRODUCT + "` (legacy call + XSLT), req/s (peer: RetailCore mimic direct)",
                miss.requestsPerSecond(), direct.requestsPerSecond(), "req/s", true, 0.7, load);
        report.info("Cache miss p50 / p99 (peer: mimic direct)", String.format(Locale.ROOT, "%.2f / %.2f ms",
                miss.p50Ms(), miss.p99Ms()), String.format(Locale.ROOT, "%.2f / %.2f ms", direct.p50Ms(),
                direct.p99Ms()), load);
        profile(ficus, "cache-miss", url, settings.connections(), null);
        return miss;
    }

    /**
     * Route {@code facade-get-product} in SHADOW vs LEGACY at half LEGACY's top rate, rounds interleaved; the
     * modern side is a WireMock answering legacy's JSON after 5 ms.
     */
    void shadow(FicusProcess ficus, WireMockServer modern, double legacyTopRate) throws Exception {
        String legacy = ficus.call("GET", PRODUCT, null);
        modern.stubFor(get(urlPathEqualTo(PRODUCT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(legacy).withFixedDelay(5)));
        int connections = 16;
        double rate = Math.max(1, legacyTopRate / 2);
        double thinkMs = Math.max(0, connections * 1000 / rate - 2);
        Path script = dir.resolve("paced.lua");
        Files.writeString(script, """
                -- closed loop with exponential think time (mean args[1] ms): a steady, bounded request rate
                local mean = 0
                init = function(args) mean = tonumber(args[1]) end
                delay = function() return math.floor(-mean * math.log(1 - math.random()) + 0.5) end
                """);
        String url = ficus.url() + PRODUCT;
        String think = String.format(Locale.ROOT, "%.2f", thinkMs);
        state(ficus, "SHADOW");
        Wrk.run(url, connections, settings.warmSeconds(), script, think);
        state(ficus, "LEGACY");
        Wrk.run(url, connections, settings.warmSeconds(), script, think);
        double[] before = shadowCounts(ficus);
        String load = BenchReport.load();
        double legacyP99 = 0, shadowP99 = 0, legacyRate = 0, shadowRate = 0;
        for (int round = 0; round < settings.shadowRounds(); round++) {
            state(ficus, "LEGACY");
            Wrk.Result l = checked(url, Wrk.run(url, connections, settings.measureSeconds(), script, think));
            state(ficus, "SHADOW");
            Wrk.Result s = checked(url, Wrk.run(url, connections, settings.measureSeconds(), script, think));
            legacyP99 += l.p99Ms() / settings.shadowRounds();
            shadowP99 += s.p99Ms() / settings.shadowRounds();
            legacyRate += l.requestsPerSecond() / settings.shadowRounds();
            shadowRate += s.requestsPerSecond() / settings.shadowRounds();
        }
        double[] after = shadowCounts(ficus);
        report.ratio(String.format(Locale.ROOT, "SHADOW p99 at half LEGACY's top rate (%.0f vs %.0f req/s; peer: "
                + "LEGACY)", shadowRate, legacyRate), shadowP99, legacyP99, "ms", false, 1.2, load);
        report.note(String.format(Locale.ROOT, "SHADOW rounds: %.0f shadows compared as matching, %.0f mismatched "
                + "or failed, %.0f dropped (queue full); modern side: WireMock, 5 ms fixed delay; %d rounds of %d s "
                + "per state, interleaved", after[0] - before[0], after[1] - before[1], after[2] - before[2],
                settings.shadowRounds(), settings.measureSeconds()));
        profile(ficus, "shadow", url, connections, script, think);
        state(ficus, "LEGACY");
    }

    /** POST /api/v1/pos/transactions with one-transaction documents, each transaction new. */
    void posHttp(FicusProcess ficus, PosLoad pos) throws Exception {
        Path script = pos.writeHttpScript(dir, 901);
        String template = dir.resolve("poslog-one-transaction.xml").toString();
        String url = ficus.url() + "/api/v1/pos/transactions";
        Wrk.run(url, settings.connections(), settings.warmSeconds(), script, template, "0");
        String load = BenchReport.load();
        double publishedBefore = ficus.metric("ficus.pos.published", "channel:http");
        Wrk.Result docs = measureFicus(ficus, "POS document over HTTP", url, script,
                new String[] {template, "10000000"});
        double published = ficus.metric("ficus.pos.published", "channel:http") - publishedBefore;
        report.absolute("POS one-transaction POSLog documents/s over HTTP (202, each published)",
                docs.requestsPerSecond(), "docs/s", true, 2000, load);
        report.note(String.format(Locale.ROOT, "POS over HTTP: %s; %,d documents answered, %,.0f transactions "
                + "published in that time", docs.summary(), docs.requests(), published));
        profile(ficus, "pos-http", url, settings.connections(), script, template, "20000000");
    }

    /**
     * Documents of {@code txPerDocument} transactions sent to {@code pos.inbound} as fast as the broker takes
     * them; the figure is the consumer's rate once the producer is done (the backlog drained alone).
     */
    void posQueue(FicusProcess ficus, PosLoad pos, String brokerUrl) throws Exception {
        drain(ficus, pos, brokerUrl, 902, Math.max(10, settings.queueDocuments() / 10));
        String load = BenchReport.load();
        if (profiler.enabled()) {
            profiler.start(ficus.pid());
        }
        long cpu = ficus.cpuMillis();
        double[] rate = drain(ficus, pos, brokerUrl, 903, settings.queueDocuments());
        cpuPerRequest.put("POS queue", String.format(Locale.ROOT, "POS transaction from the queue %.0f µs",
                (ficus.cpuMillis() - cpu) * 1000.0 / Math.max(1, settings.queueDocuments() * settings.txPerDocument())));
        if (profiler.enabled()) {
            profiler.stop(ficus.pid(), flame("pos-queue"), "Ficus: POS from pos.inbound");
        }
        report.absolute(String.format(Locale.ROOT, "POS transactions/s from `pos.inbound` (%d-transaction documents)",
                settings.txPerDocument()), rate[0], "tx/s", true, 5000, load);
        report.note(String.format(Locale.ROOT, "POS queue: %,d documents of %d transactions; %,.0f transactions "
                + "consumed after the producer finished in %.1f s (profiled run)", settings.queueDocuments(),
                settings.txPerDocument(), rate[1], rate[2]));
    }

    /** @return consumer rate (tx/s), transactions consumed after the producer ended, seconds those took */
    private double[] drain(FicusProcess ficus, PosLoad pos, String brokerUrl, int workstation, int documents)
            throws Exception {
        double start = ficus.metric("ficus.pos.received", "channel:queue");
        double target = start + (double) documents * settings.txPerDocument();
        pos.fillQueue(brokerUrl, workstation, documents, settings.txPerDocument());
        long producerDone = System.nanoTime();
        double atProducerDone = ficus.metric("ficus.pos.received", "channel:queue");
        double now = atProducerDone;
        long deadline = producerDone + 120_000_000_000L;
        while (now < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = ficus.metric("ficus.pos.received", "channel:queue");
        }
        double seconds = (System.nanoTime() - producerDone) / 1e9;
        double consumed = now - atProducerDone;
        return new double[] {consumed / seconds, consumed, seconds};
    }

    private Wrk.Result measure(String url, Path script, String[] args) {
        return checked(url, Wrk.run(url, settings.connections(), settings.measureSeconds(), script,
                args == null ? new String[0] : args));
    }

    /** A measured load of Ficus, with the CPU time Ficus spent per request. */
    private Wrk.Result measureFicus(FicusProcess ficus, String what, String url, Path script, String[] args) {
        long cpu = ficus.cpuMillis();
        Wrk.Result result = measure(url, script, args);
        long used = ficus.cpuMillis() - cpu;
        cpuPerRequest.put(what, String.format(Locale.ROOT, "%s %.0f µs", what,
                used * 1000.0 / Math.max(1, result.requests())));
        return result;
    }

    /** Adds the note of Ficus's CPU time per request of each measured load. */
    void noteCpuPerRequest() {
        if (!cpuPerRequest.isEmpty()) {
            report.note("Ficus CPU time per request (process user + system time during the measured load ÷ "
                    + "requests; less skewed by the other processes than req/s): "
                    + String.join(", ", cpuPerRequest.values()));
        }
    }

    /** Notes a measured load that had failed requests (its figures then do not count). */
    private Wrk.Result checked(String url, Wrk.Result result) {
        if (result.errors() > 0) {
            report.note(String.format(Locale.ROOT, "**%,d of %,d requests failed** (non-2xx or socket errors) at %s",
                    result.errors(), result.requests(), url.replaceFirst("http://127.0.0.1:[0-9]+", "")));
        }
        return result;
    }

    private void profile(FicusProcess ficus, String path, String url, int connections, Path script,
                         String... args) {
        if (!profiler.enabled()) {
            return;
        }
        profiler.start(ficus.pid());
        Wrk.run(url, connections, settings.profileSeconds(), script, args);
        profiler.stop(ficus.pid(), flame(path), "Ficus: " + path);
    }

    /** @return where the flame graph of a path goes */
    Path flame(String path) {
        return Path.of(settings.flamePrefix() + "-" + path + "-flame.html");
    }

    private static void state(FicusProcess ficus, String state) throws Exception {
        ficus.call("PUT", "/admin/traffic/routes/facade-get-product", "{\"state\":\"" + state
                + "\",\"reason\":\"bench/run\"}", "X-Ficus-User", "bench");
        Thread.sleep(300);
    }

    private static double[] shadowCounts(FicusProcess ficus) {
        String m = "ficus.traffic.shadow.comparisons";
        return new double[] {ficus.metric(m, "result:match"),
                ficus.metric(m, "result:mismatch") + ficus.metric(m, "result:error"),
                ficus.metric("ficus.traffic.shadow.dropped", null)};
    }
}
