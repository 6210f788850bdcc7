package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.ficus.FicusApplication;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load run behind {@code bench/traffic-shadow.md}: the whole application (RetailCore mimic on Northwind as legacy,
 * a WireMock answering after {@code modernDelayMs} as the modern side) serves {@code GET /api/v1/products/{id}}
 * (cache off) to {@code clients} closed-loop clients, alternating the route between LEGACY and SHADOW for
 * {@code rounds} rounds of {@code requests} requests each, and prints p50/p90/p99/max client latency per state.
 *
 * <p>Arguments (all optional): requests per phase (3000), rounds (4), clients (2), modern delay ms (20), total
 * request rate per second (0: closed loop, each client sends its next request when the last one is answered).
 * The modern side answers exactly what legacy answers (fetched after the warm-up), as a healthy shadow does.
 */
public final class ShadowLatencyRun {

    private ShadowLatencyRun() {
    }

    /** @param args requests rounds clients modernDelayMs ratePerSecond */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int modernDelayMs = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int ratePerSecond = args.length > 4 ? Integer.parseInt(args[4]) : 0;

        WireMockServer modern = new WireMockServer(options().dynamicPort().containerThreads(50));
        modern.start();
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("bench");
        Path dir = Files.createTempDirectory("ficus-bench");
        Path routes = dir.resolve("traffic.yml");
        Files.writeString(routes, """
                traffic:
                  routes:
                    facade-get-product:
                      modern-base-url: %s
                      business-key: {source: path, name: id}
                """.formatted(modern.baseUrl()));
        // command-line arguments: they win over application.yml (builder properties would only be defaults)
        FicusTestOptions options = FicusTestOptions.create().httpPort(0).legacyDatabase(db)
                .withMimic(FreePorts.next()).artemisPort(FreePorts.next()).dataDir(dir.resolve("data"))
                .routesReloadOff().productsCacheTtlMs(0).trafficRoutesFile(routes)
                .set("logging.level.root", "WARN");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FicusApplication.class)
                .run(options.arguments().toArray(String[]::new));
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            measure(http, pool, port, requests, clients, ratePerSecond);                      // warm-up, not reported
            for (int id = 1; id <= 77; id++) {                                 // modern answers as legacy does
                String path = "/api/v1/products/" + id;
                String legacy = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                modern.stubFor(WireMock.get(urlPathEqualTo(path)).willReturn(aResponse()
                        .withHeader("Content-Type", "application/json").withFixedDelay(modernDelayMs)
                        .withBody(legacy)));
            }
            Map<String, List<Long>> byState = new TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                for (String state : List.of("LEGACY", "SHADOW")) {
                    put(http, port, state);
                    byState.computeIfAbsent(state, s -> new ArrayList<>())
                            .addAll(measure(http, pool, port, requests, clients, ratePerSecond));
                }
            }
            Thread.sleep(2_000);                                              // let the last shadows finish
            io.micrometer.core.instrument.MeterRegistry meters =
                    app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            System.out.printf(Locale.ROOT, "%d clients, %d rounds x %d requests per state, modern delay %d ms, "
                    + "rate %s%n", clients, rounds, requests, modernDelayMs,
                    ratePerSecond <= 0 ? "closed loop" : ratePerSecond + "/s");
            System.out.println("| state | requests | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            byState.forEach((state, l) -> {
                Collections.sort(l);
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", state, l.size(),
                        ms(l, 0.50), ms(l, 0.90), ms(l, 0.99), l.get(l.size() - 1) / 1e6);
            });
            double ratio = ms(byState.get("SHADOW"), 0.99) / ms(byState.get("LEGACY"), 0.99);
            double compared = meters.find("ficus.traffic.shadow.comparisons").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            double dropped = meters.find("ficus.traffic.shadow.dropped").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            double mismatched = meters.find("ficus.traffic.shadow.comparisons").tag("result", "mismatch")
                    .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            System.out.printf(Locale.ROOT, "p99 SHADOW / LEGACY = %.3f; shadows compared: %.0f (mismatched %.0f), "
                    + "dropped: %.0f%n", ratio, compared, mismatched, dropped);
        } finally {
            pool.shutdownNow();
            app.close();
            modern.stop();
        }
        System.exit(0);
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static void put(HttpClient http, int port, String state) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/admin/traffic/routes/facade-get-product")).header("Content-Type", "application/json")
                .header("X-Ficus-User", "bench").PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state
                        + "\",\"reason\":\"benchmark\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("cannot set " + state + ": " + r.body());
        }
    }

    private static List<Long> measure(HttpClient http, ExecutorService pool, int port, int requests, int clients,
                                      int ratePerSecond) throws Exception {
        long intervalNanos = ratePerSecond <= 0 ? 0 : 1_000_000_000L * clients / ratePerSecond;
        long start = System.nanoTime();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Long> out = new ArrayList<>();
                for (int i = client, n = 0; i < requests; i += clients, n++) {
                    long due = start + n * intervalNanos;
                    while (System.nanoTime() < due) {                     // open loop: a fixed request rate
                        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    }
                    URI uri = URI.create("http://localhost:" + port + "/api/v1/products/" + (1 + i % 77));
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    out.add(System.nanoTime() - t);
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(uri + " answered " + r.statusCode());
                    }
                }
                return out;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }
}
