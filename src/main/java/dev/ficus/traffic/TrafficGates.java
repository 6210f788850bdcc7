package dev.ficus.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of traffic control on each replica: every {@code traffic.gate-interval-ms} judges each route
 * that declares gates over its window, and every {@code traffic.legacy-calls-flush-ms} adds this replica's legacy
 * call counts to {@code traffic_legacy_calls}.
 *
 * <p>Rollback (one state back, see {@link Transitions#rollback}) when, with at least {@code min-calls} modern
 * calls in the window, modern failures / modern calls exceed {@code max-modern-error-rate}, or, with at least
 * {@code min-calls} comparisons, mismatches / comparisons exceed {@code max-mismatch-rate}. Advance (one step,
 * {@link Transitions#advance}) when {@code auto-advance.enabled}, the state is SHADOW or CANARY, it has lasted
 * {@code healthy-for-ms}, the window holds at least {@code min-calls} modern calls, no rate is over its
 * threshold, and the last change was not an automatic rollback (a person must move a rolled-back route on).
 * Changes are made with the version judged, so replicas never apply the same gate twice; actor
 * {@value #ACTOR}, reason naming the rates.
 */
public class TrafficGates {

    /** The actor of automatic changes in the audit trail. */
    public static final String ACTOR = "ficus-gates";

    private static final Logger LOG = LoggerFactory.getLogger(TrafficGates.class);

    private final TrafficControl control;
    private final TrafficStates states;
    private final TrafficStateStore store;
    private final TrafficProperties properties;
    private ScheduledExecutorService scheduler;

    TrafficGates(TrafficControl control, TrafficStates states, TrafficStateStore store, TrafficProperties properties) {
        this.control = control;
        this.states = states;
        this.store = store;
        this.properties = properties;
    }

    synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-gates");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> quietly(this::evaluate), properties.gateIntervalMs(),
                properties.gateIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> quietly(this::flushLegacyCalls), properties.legacyCallsFlushMs(),
                properties.legacyCallsFlushMs(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        quietly(this::flushLegacyCalls);
    }

    /** Judges every route with gates once. */
    void evaluate() {
        long now = System.currentTimeMillis();
        for (RouteRuntime rt : control.runtimes()) {
            TrafficRoute.Gates gates = rt.route.gates();
            RouteState state = states.get(rt.routeId);
            if (gates == null || state == null || state.version() == 0) {
                continue;
            }
            RouteWindow.Totals t = rt.totals(now);
            boolean errorsJudged = t.modernCalls() >= gates.minCalls();
            boolean mismatchJudged = t.comparisons() >= gates.minCalls();
            boolean tooManyErrors = errorsJudged && t.modernErrorRate() > gates.maxModernErrorRate();
            boolean tooManyMismatches = mismatchJudged && t.mismatchRate() > gates.maxMismatchRate();
            String rates = String.format(Locale.ROOT, "modern error rate %.3f (%d/%d, max %.3f), mismatch rate "
                    + "%.3f (%d/%d, max %.3f) over %d s", t.modernErrorRate(), t.modernErrors(), t.modernCalls(),
                    gates.maxModernErrorRate(), t.mismatchRate(), t.mismatches(), t.comparisons(),
                    gates.maxMismatchRate(), gates.windowMs() / 1000);
            if (tooManyErrors || tooManyMismatches) {
                Optional<Transitions.Target> back = Transitions.rollback(state, gates);
                if (back.isPresent()) {
                    apply(rt, state, back.get(), "ROLLBACK", "automatic rollback: " + rates);
                }
                continue;
            }
            TrafficRoute.AutoAdvance advance = gates.autoAdvance();
            boolean lastedLongEnough = state.updatedAt() != null && Duration.between(state.updatedAt(),
                    Instant.ofEpochMilli(now)).toMillis() >= advance.healthyForMs();
            if (advance.enabled() && errorsJudged && lastedLongEnough && !"ROLLBACK".equals(state.lastChangeKind())
                    && (state.state() != MigrationState.SHADOW || mismatchJudged)) {
                Transitions.advance(state, gates).ifPresent(target ->
                        apply(rt, state, target, "ADVANCE", "automatic advance, healthy: " + rates));
            }
        }
    }

    private void apply(RouteRuntime rt, RouteState from, Transitions.Target to, String kind, String reason) {
        store.change(rt.routeId, rt.route, to.state(), to.percent(), ACTOR, kind, reason, from.version())
                .ifPresent(changed -> {
                    LOG.warn("traffic: {} {} from {} to {}: {}", rt.routeId, kind.toLowerCase(Locale.ROOT),
                            from.label(), changed.label(), reason);
                    states.apply(changed);
                });
    }

    /** Adds this replica's pending legacy call counts to the shared table. */
    void flushLegacyCalls() {
        Instant now = Instant.now();
        for (RouteRuntime rt : control.runtimes()) {
            long n = rt.takePendingLegacyCalls();
            if (n > 0) {
                try {
                    store.addLegacyCalls(rt.routeId, now, n);
                } catch (RuntimeException e) {
                    rt.restorePendingLegacyCalls(n);
                    throw e;
                }
            }
        }
    }

    private static void quietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("traffic: background task failed: {}", e.toString());
        }
    }
}
