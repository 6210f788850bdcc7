package dev.ficus.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of traffic control on each replica: every {@code traffic.gate-interval-ms} publishes this
 * replica's gate windows and stores its new shadow mismatches ({@link TrafficSharedStore}), then judges each route
 * that declares gates over the sum of every replica's window ({@link SharedWindows}); every
 * {@code traffic.legacy-calls-flush-ms} adds this replica's legacy call counts to {@code traffic_legacy_calls}.
 *
 * <p>Rollback (one state back, see {@link Transitions#rollback}) when, with at least {@code min-calls} modern
 * calls in the window, modern failures / modern calls exceed {@code max-modern-error-rate}, or, with at least
 * {@code min-calls} comparisons, mismatches / comparisons exceed {@code max-mismatch-rate}. Advance (one step,
 * {@link Transitions#advance}) when {@code auto-advance.enabled}, the state is SHADOW or CANARY, it has lasted
 * {@code healthy-for-ms}, the window holds at least {@code min-calls} modern calls, no rate is over its
 * threshold, and the last change was not an automatic rollback (a person must move a rolled-back route on).
 * The window counts only calls made under the state judged (its version), on all replicas. Changes are made with
 * the version judged, so replicas never apply the same gate twice; actor {@value #ACTOR}, reason naming the rates.
 * A route with an active planned rollout ({@link TrafficRollouts}) is judged by its plan instead (abort to
 * LEGACY, or the next step), over the same shared window and with the route's gates (defaults when it declares
 * none). A database failure skips the tick (logged); nothing is decided without the shared counts.
 */
public class TrafficGates {

    /** The actor of automatic changes in the audit trail. */
    public static final String ACTOR = "ficus-gates";

    private static final Logger LOG = LoggerFactory.getLogger(TrafficGates.class);

    private final TrafficControl control;
    private final TrafficStates states;
    private final TrafficStateStore store;
    private final TrafficSharedStore shared;
    private final SharedWindows windows;
    private final TrafficProperties properties;
    private final TrafficRollouts rollouts;
    private ScheduledExecutorService scheduler;

    /** @param replicaId this process's id in the shared tables, e.g. a random UUID */
    TrafficGates(TrafficControl control, TrafficStates states, TrafficStateStore store, TrafficSharedStore shared,
                 TrafficRollouts rollouts, TrafficProperties properties, String replicaId) {
        this.control = control;
        this.states = states;
        this.store = store;
        this.shared = shared;
        this.windows = new SharedWindows(shared, replicaId);
        this.properties = properties;
        this.rollouts = rollouts;
    }

    synchronized void start() {
        LOG.info("traffic: replica {} shares its gate windows and shadow mismatches", windows.replicaId());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-gates");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            quietly(this::flushDiffs);
            quietly(this::evaluate);
        }, properties.gateIntervalMs(), properties.gateIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> quietly(this::flushLegacyCalls), properties.legacyCallsFlushMs(),
                properties.legacyCallsFlushMs(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        quietly(this::flushLegacyCalls);
        quietly(this::flushDiffs);
    }

    /**
     * Publishes this replica's windows (routes with gates or an active rollout), prunes old rows, then judges every
     * route once: a route with an active rollout by its plan ({@link TrafficRollouts#judge}), any other route
     * with gates by them.
     */
    void evaluate() {
        long now = System.currentTimeMillis();
        Map<String, RolloutStore.Active> active = rollouts.active();
        long longest = 0;
        for (RouteRuntime rt : control.runtimes()) {
            if (rt.route.gates() != null || active.containsKey(rt.routeId)) {
                windows.publish(rt, now);
                longest = Math.max(longest, rt.windowMs());
            }
        }
        if (longest > 0) {
            windows.prune(longest, now);
        }
        for (RouteRuntime rt : control.runtimes()) {
            RolloutStore.Active rollout = active.get(rt.routeId);
            RouteState state = states.get(rt.routeId);
            if (rollout != null) {
                rollouts.judge(rt, rollout, windows.totals(rt, rollout.state().version(), now), now);
            } else if (rt.route.gates() != null && state != null && state.version() != 0) {
                judge(rt, state, windows.totals(rt, state.version(), now), now);
            }
        }
    }

    private void judge(RouteRuntime rt, RouteState state, RouteWindow.Totals t, long now) {
        TrafficRoute.Gates gates = rt.route.gates();
        GateVerdict verdict = GateVerdict.of(t, gates);
        if (verdict.failing()) {
            Transitions.rollback(state, gates).ifPresent(back ->
                    apply(rt, state, back, "ROLLBACK", "automatic rollback: " + verdict.rates()));
            return;
        }
        TrafficRoute.AutoAdvance advance = gates.autoAdvance();
        boolean lastedLongEnough = state.updatedAt() != null && Duration.between(state.updatedAt(),
                Instant.ofEpochMilli(now)).toMillis() >= advance.healthyForMs();
        if (advance.enabled() && verdict.errorsJudged() && lastedLongEnough
                && !"ROLLBACK".equals(state.lastChangeKind())
                && (state.state() != MigrationState.SHADOW || verdict.mismatchJudged())) {
            Transitions.advance(state, gates).ifPresent(target ->
                    apply(rt, state, target, "ADVANCE", "automatic advance, healthy: " + verdict.rates()));
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

    /**
     * Stores this replica's mismatches not yet in {@code traffic_shadow_diff}, keeping the newest
     * {@code traffic.max-diffs-per-route} per route there. Unstored ones stay in memory for the next try.
     *
     * @throws org.springframework.dao.DataAccessException when the database refuses
     */
    synchronized void flushDiffs() {
        for (RouteRuntime rt : control.runtimes()) {
            RouteRuntime.UnstoredDiffs pending = rt.unstoredDiffs();
            if (!pending.diffs().isEmpty()) {
                shared.addDiffs(rt.routeId, windows.replicaId(), pending.diffs(), properties.maxDiffsPerRoute());
                rt.diffsStored(pending.mark());
            }
        }
    }

    /**
     * @return the route's newest {@code traffic.max-diffs-per-route} mismatches of all replicas, newest first,
     *         after storing this replica's pending ones (another replica's reach the table within its
     *         {@code traffic.gate-interval-ms})
     */
    List<ShadowDiff> sharedDiffs(String routeId) {
        flushDiffs();
        return shared.diffs(routeId, properties.maxDiffsPerRoute());
    }

    private static void quietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("traffic: background task failed: {}", e.toString());
        }
    }
}
