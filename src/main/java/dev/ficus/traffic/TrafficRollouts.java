package dev.ficus.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Planned rollouts of traffic control, like Argo Rollouts' or Flagger's canary steps: a route walks a ramp of CANARY
 * percentages, then MODERN, advanced by the gates while they hold, paused where a step says so, aborted to LEGACY
 * when a gate fails. The step logic is {@link RolloutSteps}; plans and their history live in Ficus's database
 * ({@link RolloutStore}), so every replica sees and judges the same plan and a step is applied once. Each history
 * entry is audited with its actor (the authenticated principal, or {@value TrafficGates#ACTOR}) and notified to the
 * webhook ({@link RolloutNotifier}) by the replica that made it, after the change is committed.
 */
class TrafficRollouts {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficRollouts.class);

    private final TrafficControl control;
    private final TrafficStates states;
    private final RolloutStore store;
    private final RolloutNotifier notifier;

    TrafficRollouts(TrafficControl control, TrafficStates states, RolloutStore store, RolloutNotifier notifier) {
        this.control = control;
        this.states = states;
        this.store = store;
        this.notifier = notifier;
    }

    /**
     * @return the route's rollout as the admin API shows it: {@code routeId, status (none|running|paused|aborted|
     *         completed), steps, currentStep, stepStartedAt, nextAdvanceAt, reason, history} (oldest first); with no
     *         plan ever started: status {@code none}, the declared plan's steps (or none), the rest {@code null} or
     *         empty
     * @throws TrafficException 404 for an undeclared route
     */
    Map<String, Object> view(String routeId) {
        RouteRuntime rt = control.runtime(routeId);
        Optional<Rollout> latest = store.latest(routeId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routeId", routeId);
        out.put("status", latest.map(r -> r.status().tag()).orElse("none"));
        out.put("steps", latest.map(Rollout::steps).orElse(rt.route.rollout() == null ? List.of()
                : rt.route.rollout().steps()));
        out.put("currentStep", latest.map(Rollout::currentStep).orElse(null));
        out.put("stepStartedAt", latest.map(Rollout::stepStartedAt).orElse(null));
        out.put("nextAdvanceAt", latest.map(RolloutSteps::nextAdvanceAt).orElse(null));
        out.put("reason", latest.map(Rollout::reason).orElse(null));
        out.put("history", latest.map(r -> store.history(r.id()).stream().map(TrafficRollouts::entry).toList())
                .orElse(List.of()));
        return out;
    }

    private static Map<String, Object> entry(RolloutStore.Entry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", e.at());
        out.put("actor", e.actor());
        out.put("event", e.event());
        out.put("percent", e.percent());
        out.put("reason", e.reason());
        return out;
    }

    /**
     * Starts a plan: the route goes to its first step at once.
     *
     * @param steps the plan; {@code null} or empty: the plan declared for the route in the traffic routes file
     * @throws TrafficException 404 unknown route; 400 steps that do not rise within 1..100, a pause outside 0..30
     *                          days ({@link RolloutSteps#MAX_PAUSE_MS}), or none given nor declared; 409 a plan is running or paused, the route is MODERN or RETIRED, it
     *                          is in CANARY above the first step's percent, it declares no modern-base-url, or it is
     *                          LEGACY and may not skip SHADOW
     */
    void start(String routeId, List<RolloutStep> steps, String reason, String actor) {
        RouteRuntime rt = control.runtime(routeId);
        if (rt.route.modernBaseUrl() == null || rt.route.modernBaseUrl().isBlank()) {
            throw RolloutSteps.conflict("route " + routeId + " declares no modern-base-url");
        }
        List<RolloutStep> plan = steps != null && !steps.isEmpty() ? steps
                : rt.route.rollout() == null ? null : rt.route.rollout().steps();
        List<RolloutStep> checked = RolloutSteps.check(plan);
        done(store.start(routeId, rt.route, checked, RolloutSteps.start(checked, reason), actor));
    }

    /** Advances a running or paused plan to its next step (or MODERN) now. @throws TrafficException as {@link #act} */
    void promote(String routeId, String reason, String actor) {
        act(routeId, actor, r -> RolloutSteps.promote(r, reason));
    }

    /** Pauses a running plan at its step. @throws TrafficException as {@link #act} */
    void pause(String routeId, String reason, String actor) {
        act(routeId, actor, r -> RolloutSteps.pause(r, reason));
    }

    /** Lets the gates advance a paused plan again. @throws TrafficException as {@link #act} */
    void resume(String routeId, String reason, String actor) {
        act(routeId, actor, r -> RolloutSteps.resume(r, reason));
    }

    /** Ends a running or paused plan and sends the route back to LEGACY. @throws TrafficException as {@link #act} */
    void abort(String routeId, String reason, String actor) {
        act(routeId, actor, r -> RolloutSteps.abort(r, RolloutSteps.MANUAL, reason));
    }

    /**
     * A person's move on the route's newest plan.
     *
     * @throws TrafficException 404 unknown route; 409 no plan, a move the plan's status does not allow, or the plan
     *                          or the route changed meanwhile (e.g. a gate aborted it: read it again)
     */
    private void act(String routeId, String actor, Function<Rollout, RolloutSteps.Move> decide) {
        RouteRuntime rt = control.runtime(routeId);
        Rollout current = store.latest(routeId).orElseThrow(() -> RolloutSteps.conflict("route " + routeId
                + " has no rollout; start one with PUT"));
        RolloutSteps.Move move = decide.apply(current);
        done(store.apply(current, rt.route, move, actor).orElseThrow(() -> RolloutSteps.conflict(
                "the rollout or the route changed meanwhile; read the rollout again")));
    }

    /** @return every running or paused plan by route id, with its route's stored state (for the gate tick) */
    Map<String, RolloutStore.Active> active() {
        return store.active();
    }

    /**
     * One gate tick on an active plan ({@link RolloutSteps#judge}), made with the versions judged: when another
     * replica made a change first, nothing happens here.
     *
     * @param totals the calls of all replicas under the route's stored state version
     * @param nowMs  this replica's clock, ms since the epoch
     */
    void judge(RouteRuntime rt, RolloutStore.Active active, RouteWindow.Totals totals, long nowMs) {
        GateVerdict verdict = GateVerdict.of(totals, rt.route.effectiveGates());
        RolloutSteps.judge(active.rollout(), active.state(), verdict, nowMs)
                .flatMap(move -> store.apply(active.rollout(), rt.route, move, TrafficGates.ACTOR))
                .ifPresent(this::done);
    }

    private void done(RolloutStore.Changed changed) {
        if (changed.state() != null) {
            states.apply(changed.state());
        }
        for (RolloutStore.Entry e : changed.entries()) {
            if ("aborted".equals(e.event())) {
                LOG.warn("traffic: {} rollout aborted by {}: {}", changed.rollout().routeId(), e.actor(), e.reason());
            } else {
                LOG.info("traffic: {} rollout {} by {} at {}%: {}", changed.rollout().routeId(), e.event(), e.actor(),
                        e.percent(), e.reason());
            }
        }
        notifier.publish(changed.rollout(), changed.entries());
    }

    /** Stops the webhook's sending thread (events still queued are not sent). */
    void close() {
        notifier.close();
    }
}
