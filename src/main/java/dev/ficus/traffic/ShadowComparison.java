package dev.ficus.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow: after legacy answered a shadowed request, sends the same request to the modern side on a bounded
 * executor and compares the answers ({@link JsonComparator} under the route's rules and its learned noise),
 * recording the outcome in the route's window and metrics and keeping each mismatch as a {@link ShadowDiff}.
 * The client never waits for it nor sees its errors.
 *
 * <p>Noise learning: for a sample ({@code compare.noise-learning.sample-percent} %) of shadowed GETs, legacy is
 * asked the same request a second time ({@link LegacyAgain}); the paths where legacy differs from itself are
 * generalised ({@code [3]} → {@code [*]}) and ignored by later comparisons of the route.
 */
final class ShadowComparison {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowComparison.class);

    /** Calls the modern side (in the application {@link ModernClient#call}). */
    @FunctionalInterface
    interface ModernCall {
        /**
         * @return the modern answer (any status below 500)
         * @throws ModernClient.ModernFailure when the modern side failed or is unavailable
         */
        ModernClient.Answer call(String routeId, TrafficRoute route, TrafficRequest request)
                throws ModernClient.ModernFailure;
    }

    /**
     * Asks legacy the same request a second time, through the same façade route, uncached and unshadowed. In the
     * application: a loopback HTTP call to Ficus itself carrying {@code X-Ficus-Noise-Probe} ({@link LegacyLoopback}).
     */
    @FunctionalInterface
    interface LegacyAgain {
        /**
         * @return legacy's canonical JSON answer when it answered 2xx, else {@code null}
         * @throws Exception when the call failed (logged at debug, nothing learned)
         */
        String answer(TrafficRoute route, TrafficRequest request) throws Exception;
    }

    private final ModernCall modern;
    private final LegacyAgain legacyAgain;
    private final ObjectMapper json;
    private final TrafficMetrics metrics;
    private final ExecutorService executor;

    /**
     * @param executor bounded (e.g. a {@code ThreadPoolExecutor} with a bounded queue and the abort policy): a
     *                 rejected shadow is dropped and counted
     */
    ShadowComparison(ModernCall modern, LegacyAgain legacyAgain, ObjectMapper json, TrafficMetrics metrics,
                     ExecutorService executor) {
        this.modern = modern;
        this.legacyAgain = legacyAgain;
        this.json = json;
        this.metrics = metrics;
        this.executor = executor;
    }

    /** Queues {@link #compare}; never blocks: when the executor refuses, the shadow is dropped (counted). */
    void submit(RouteRuntime rt, TrafficRequest request, String legacyAnswer) {
        try {
            executor.execute(() -> compare(rt, request, legacyAnswer));
        } catch (RejectedExecutionException e) {
            rt.dropped();
        }
    }

    /**
     * Runs one shadow now: maybe learns noise, calls the modern side and compares. A non-2xx modern answer is a
     * mismatch at {@code (status N)}; a modern failure counts as {@code error} (a gate error) or, for
     * {@code unavailable}, neither compared nor a gate error. Never throws (logged).
     *
     * @param legacyAnswer legacy's canonical JSON answer, as the client got it
     */
    void compare(RouteRuntime rt, TrafficRequest request, String legacyAnswer) {
        try {
            TrafficRoute.NoiseLearning noise = rt.compareRules().noiseLearning();
            if (noise.enabled() && "GET".equals(request.method())
                    && ThreadLocalRandom.current().nextDouble(100) < noise.samplePercent()) {
                learnNoise(rt, request, legacyAnswer);
            }
            ModernClient.Answer answer;
            try {
                answer = modern.call(rt.routeId, rt.route, request);
            } catch (ModernClient.ModernFailure failure) {
                rt.modernFailed(SidePolicy.gateError(failure.unavailable(), true), System.currentTimeMillis());
                metrics.modernFailure(rt.routeId, failure.reason, "shadow");
                metrics.comparison(rt.routeId, failure.unavailable() ? "unavailable" : "error");
                return;
            }
            long now = System.currentTimeMillis();
            rt.modernAnswered(now);
            List<String> paths = differences(rt, legacyAnswer, answer);
            boolean match = paths.isEmpty();
            rt.compared(match, now);
            metrics.comparison(rt.routeId, match ? "match" : "mismatch");
            if (!match) {
                rt.addDiff(new ShadowDiff(Instant.now(), request.requestId(), request.method(), request.uri(),
                        request.key(), legacyAnswer, answer.status(), answer.body(), paths));
                LOG.debug("traffic: {} shadow mismatch for {} {} at {}", rt.routeId, request.method(),
                        request.path(), paths);
            }
        } catch (RuntimeException e) {
            LOG.warn("traffic: {} shadow failed: {}", rt.routeId, e.toString());
        }
    }

    private List<String> differences(RouteRuntime rt, String legacyAnswer, ModernClient.Answer answer) {
        if (answer.status() / 100 != 2) {
            return List.of("(status " + answer.status() + ")");
        }
        return new JsonComparator(rt.compareRules(), rt.learnedNoise())
                .diff(JsonComparator.read(json, legacyAnswer), JsonComparator.read(json, answer.body()));
    }

    private void learnNoise(RouteRuntime rt, TrafficRequest request, String legacyAnswer) {
        String again;
        try {
            again = legacyAgain.answer(rt.route, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.debug("traffic: {} noise probe failed: {}", rt.routeId, e.toString());
            return;
        }
        if (again == null) {
            return;
        }
        metrics.noiseProbe(rt.routeId);
        List<String> noisy = new JsonComparator(rt.compareRules(), List.of())
                .diff(JsonComparator.read(json, legacyAnswer), JsonComparator.read(json, again));
        for (String path : noisy) {
            String general = JsonComparator.generalise(path);
            if (rt.learnNoise(general)) {
                LOG.info("traffic: {} learned noise: legacy differs from itself at {}; ignored from now on",
                        rt.routeId, general);
            }
        }
    }

    /** Stops the shadow threads; shadows still queued are dropped. */
    void close() {
        executor.shutdownNow();
    }
}
