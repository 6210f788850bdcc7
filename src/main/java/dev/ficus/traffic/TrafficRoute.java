package dev.ficus.traffic;

import java.util.List;

/**
 * One route's migration declaration, read from the reviewed file {@code traffic.routes-file} (default
 * {@code config/traffic.yml}, key {@code traffic.routes.<route id>}). Durations in ms, rates as fractions 0..1.
 *
 * @param initialState           state a route starts in when the database has no row for it yet (later changes
 *                               live in the database, never in this file)
 * @param modernBaseUrl          base URL of the modern service; the request's path and query are appended
 *                               ({@code /api/v1/products/11?x=1} → {@code <base>/api/v1/products/11?x=1})
 * @param modernConnectTimeoutMs ms to connect to the modern service
 * @param modernResponseTimeoutMs ms to wait for the modern answer (then: fallback, or 504)
 * @param businessKey            where the sticky split key comes from; {@code null}: split by weight alone
 * @param allowSkip              whether a change may jump forward over states (e.g. LEGACY → MODERN)
 * @param modernSafeForWrites    whether non-idempotent requests (POST, PATCH, ...) may be shadowed
 * @param shadowInCanary         whether the legacy-served share of a CANARY is shadowed too
 * @param compare                comparison rules of the shadow answers (what the route starts with: an operator may
 *                               replace them at runtime, see {@link TrafficCompareController})
 * @param gates                  automatic rollback / advance; {@code null}: none
 * @param rollout                the route's declared rollout plan, started with
 *                               {@code PUT /admin/traffic/routes/{id}/rollout} without steps; {@code null}: none
 */
public record TrafficRoute(MigrationState initialState, String modernBaseUrl, Long modernConnectTimeoutMs,
                           Long modernResponseTimeoutMs, BusinessKey businessKey, Boolean allowSkip,
                           Boolean modernSafeForWrites, Boolean shadowInCanary, CompareRules compare, Gates gates,
                           RolloutPlan rollout) {

    private static final Gates DEFAULT_GATES = new Gates(null, null, null, null, null);

    /** Fills defaults. */
    public TrafficRoute {
        initialState = initialState == null ? MigrationState.LEGACY : initialState;
        modernConnectTimeoutMs = modernConnectTimeoutMs == null ? 2_000L : modernConnectTimeoutMs;
        modernResponseTimeoutMs = modernResponseTimeoutMs == null ? 5_000L : modernResponseTimeoutMs;
        allowSkip = allowSkip != null && allowSkip;
        modernSafeForWrites = modernSafeForWrites != null && modernSafeForWrites;
        shadowInCanary = shadowInCanary != null && shadowInCanary;
        compare = compare == null ? new CompareRules(null, null, null, null, null) : compare;
    }

    /** @return the declared gates, or the defaults of {@link Gates} when none are declared (what a rollout judges) */
    public Gates effectiveGates() {
        return gates == null ? DEFAULT_GATES : gates;
    }

    /**
     * A planned rollout declared in the traffic routes file ({@code rollout: {steps: [{percent: 1, pause-ms:
     * 60000}, ...]}}); see {@link RolloutSteps}.
     *
     * @param steps the CANARY steps, percentages rising from 1 to 100; after the last: MODERN
     */
    public record RolloutPlan(List<RolloutStep> steps) {
        /** Fills defaults. */
        public RolloutPlan {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /** Where a request's business key is: {@code source} header, path, query or json; {@code name} its name
     *  (for json a JSON Pointer into the request body, e.g. {@code /customerId}). */
    public record BusinessKey(KeySource source, String name) {
    }

    /** Kinds of business key source. */
    public enum KeySource {
        /** an HTTP request header */
        HEADER,
        /** a path parameter of the REST DSL, e.g. {@code id} of {@code /products/{id}} */
        PATH,
        /** a query parameter */
        QUERY,
        /** a field of the JSON request body, by JSON Pointer (RFC 6901) */
        JSON
    }

    /**
     * Shadow comparison rules. Paths are written {@code $.a.b[*].c}: {@code *} matches any one field name,
     * {@code [*]} any array index.
     *
     * @param ignorePaths          values at these paths are never compared
     * @param numericTolerance     two numbers (or numeric strings, e.g. money amounts) within this absolute
     *                             difference are equal; default 0
     * @param unorderedArrays      arrays at these paths are compared as multisets
     * @param caseInsensitivePaths strings at these paths compare ignoring case
     * @param noiseLearning        learn legacy's own noise from a sample
     */
    public record CompareRules(List<String> ignorePaths, Double numericTolerance, List<String> unorderedArrays,
                               List<String> caseInsensitivePaths, NoiseLearning noiseLearning) {
        /** Fills defaults. */
        public CompareRules {
            ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
            numericTolerance = numericTolerance == null ? 0.0 : numericTolerance;
            unorderedArrays = unorderedArrays == null ? List.of() : List.copyOf(unorderedArrays);
            caseInsensitivePaths = caseInsensitivePaths == null ? List.of() : List.copyOf(caseInsensitivePaths);
            noiseLearning = noiseLearning == null ? new NoiseLearning(false, null) : noiseLearning;
        }
    }

    /**
     * @param enabled       whether a sample of shadowed requests is sent to legacy twice
     * @param samplePercent share of shadowed requests sampled, 0..100 (default 5)
     */
    public record NoiseLearning(Boolean enabled, Double samplePercent) {
        /** Fills defaults. */
        public NoiseLearning {
            enabled = enabled != null && enabled;
            samplePercent = samplePercent == null ? 5.0 : samplePercent;
        }
    }

    /**
     * Automatic gates over a sliding window.
     *
     * @param windowMs           length of the window, ms (default 60000)
     * @param minCalls           fewest modern calls (or comparisons) in the window before a gate judges (default 20)
     * @param maxModernErrorRate roll back one state when modern failures / modern calls exceed this (default 0.05)
     * @param maxMismatchRate    roll back one state when mismatches / comparisons exceed this (default 0.01)
     * @param autoAdvance        advance while healthy; {@code null}: never
     */
    public record Gates(Long windowMs, Integer minCalls, Double maxModernErrorRate, Double maxMismatchRate,
                        AutoAdvance autoAdvance) {
        /** Fills defaults. */
        public Gates {
            windowMs = windowMs == null ? 60_000L : windowMs;
            minCalls = minCalls == null ? 20 : minCalls;
            maxModernErrorRate = maxModernErrorRate == null ? 0.05 : maxModernErrorRate;
            maxMismatchRate = maxMismatchRate == null ? 0.01 : maxMismatchRate;
            autoAdvance = autoAdvance == null ? new AutoAdvance(false, null, null) : autoAdvance;
        }
    }

    /**
     * @param enabled      whether gates move the route forward by themselves
     * @param steps        CANARY percentages in order (default 1, 5, 25, 50, 100); after the last: MODERN
     * @param healthyForMs how long a state must have lasted (and the window be healthy) before the next step
     */
    public record AutoAdvance(Boolean enabled, List<Integer> steps, Long healthyForMs) {
        /** Fills defaults. */
        public AutoAdvance {
            enabled = enabled != null && enabled;
            steps = steps == null || steps.isEmpty() ? List.of(1, 5, 25, 50, 100) : List.copyOf(steps);
            healthyForMs = healthyForMs == null ? 600_000L : healthyForMs;
        }
    }
}
