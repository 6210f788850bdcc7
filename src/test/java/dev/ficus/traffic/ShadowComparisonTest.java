package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shadow's outcomes on the route's window, metrics and diffs, with stand-ins for both sides. */
class ShadowComparisonTest {

    static final String LEGACY = "{\"id\":1,\"name\":\"Chai\",\"price\":\"18.00\"}";
    static final TrafficRequest GET = new TrafficRequest("r-1", "GET", "/api/v1/products/1", "v=2",
            Map.of("Accept", "application/json"), null, "1", true);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TrafficMetrics metrics = new TrafficMetrics(meters);
    final ExecutorService executor = Executors.newSingleThreadExecutor();
    final AtomicInteger legacyAgainCalls = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    RouteRuntime runtime(boolean noiseLearning) {
        TrafficRoute route = new TrafficRoute(MigrationState.SHADOW, "http://modern", null, null, null, null, null,
                null, new TrafficRoute.CompareRules(null, null, null, null,
                new TrafficRoute.NoiseLearning(noiseLearning, 100.0)), null, null);
        return new RouteRuntime("r", route, 2, metrics);
    }

    ShadowComparison shadows(ShadowComparison.ModernCall modern, String legacyAgain) {
        return new ShadowComparison(modern, (route, request) -> {
            legacyAgainCalls.incrementAndGet();
            return legacyAgain;
        }, TrafficFixtures.JSON, metrics, executor);
    }

    static ShadowComparison.ModernCall answering(int status, String body) {
        return (routeId, route, request) -> new ModernClient.Answer(status, "application/json", null, body, null);
    }

    double comparisons(String result) {
        var counter = meters.find("ficus.traffic.shadow.comparisons").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldCountAMatchRegardlessOfKeyOrder() {
        RouteRuntime rt = runtime(false);

        shadows(answering(200, "{\"price\":\"18.00\",\"name\":\"Chai\",\"id\":1}"), null).compare(rt, GET, LEGACY);

        RouteWindow.Totals t = rt.totals(System.currentTimeMillis());
        assertThat(t.modernCalls()).isEqualTo(1);
        assertThat(t.comparisons()).isEqualTo(1);
        assertThat(t.mismatches()).isZero();
        assertThat(comparisons("match")).isEqualTo(1);
        assertThat(rt.recentDiffs()).isEmpty();
        assertThat(legacyAgainCalls).hasValue(0);
    }

    @Test
    void shouldRecordAMismatchWithItsPaths() {
        RouteRuntime rt = runtime(false);

        shadows(answering(200, "{\"id\":1,\"name\":\"Chai\",\"price\":\"18.50\"}"), null).compare(rt, GET, LEGACY);
        shadows(answering(404, "{}"), null).compare(rt, GET, LEGACY);

        assertThat(rt.totals(System.currentTimeMillis()).mismatches()).isEqualTo(2);
        assertThat(comparisons("mismatch")).isEqualTo(2);
        List<ShadowDiff> diffs = rt.recentDiffs();
        assertThat(diffs).extracting(ShadowDiff::paths)
                .containsExactly(List.of("(status 404)"), List.of("$.price"));
        ShadowDiff first = diffs.get(1);
        assertThat(first.uri()).isEqualTo("/api/v1/products/1?v=2");
        assertThat(first.requestId()).isEqualTo("r-1");
        assertThat(first.key()).isEqualTo("1");
        assertThat(first.legacyAnswer()).isEqualTo(LEGACY);
        assertThat(first.modernStatus()).isEqualTo(200);
    }

    @Test
    void shouldCountAFailureAsAGateErrorButUnavailableAsNeither() {
        RouteRuntime rt = runtime(false);

        shadows((id, route, request) -> {
            throw new ModernClient.ModernFailure("server-error", 502, "HTTP 500", null);
        }, null).compare(rt, GET, LEGACY);
        shadows((id, route, request) -> {
            throw new ModernClient.ModernFailure(ModernClient.ModernFailure.UNAVAILABLE, 503, "later", null, 7);
        }, null).compare(rt, GET, LEGACY);

        RouteWindow.Totals t = rt.totals(System.currentTimeMillis());
        assertThat(t.modernCalls()).isEqualTo(1);
        assertThat(t.modernErrors()).isEqualTo(1);
        assertThat(t.comparisons()).isZero();
        assertThat(comparisons("error")).isEqualTo(1);
        assertThat(comparisons("unavailable")).isEqualTo(1);
        assertThat(meters.get("ficus.traffic.modern.failures").tag("purpose", "shadow").tag("reason", "server-error")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void shouldLearnWhereLegacyDiffersFromItselfAndIgnoreItAfterwards() {
        RouteRuntime rt = runtime(true);
        String again = "{\"id\":1,\"name\":\"Chai\",\"price\":\"18.00\",\"items\":[{\"at\":\"x\"}]}";
        String legacy = "{\"id\":1,\"name\":\"Chai\",\"price\":\"18.00\",\"items\":[{\"at\":\"y\"}]}";
        String modern = "{\"id\":1,\"name\":\"Chai\",\"price\":\"18.00\",\"items\":[{\"at\":\"z\"}]}";

        shadows(answering(200, modern), again).compare(rt, GET, legacy);

        assertThat(rt.learnedNoise()).containsExactly("$.items[*].at");
        assertThat(comparisons("match")).isEqualTo(1);
        assertThat(meters.get("ficus.traffic.shadow.noise.probes").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldNotProbeLegacyForWrites() {
        RouteRuntime rt = runtime(true);
        TrafficRequest put = new TrafficRequest(null, "PUT", "/x", null, Map.of(), "{}", null, true);

        shadows(answering(200, LEGACY), LEGACY).compare(rt, put, LEGACY);

        assertThat(legacyAgainCalls).hasValue(0);
    }

    @Test
    void shouldRunQueuedAndDropWhenTheExecutorRefuses() {
        RouteRuntime rt = runtime(false);
        ShadowComparison shadows = shadows(answering(200, LEGACY), null);

        shadows.submit(rt, GET, LEGACY);
        await().atMost(Duration.ofSeconds(5)).until(() -> comparisons("match") == 1);
        shadows.close();
        shadows.submit(rt, GET, LEGACY);

        assertThat(meters.get("ficus.traffic.shadow.dropped").counter().count()).isEqualTo(1);
    }
}
