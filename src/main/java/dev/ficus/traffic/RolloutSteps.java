package dev.ficus.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The step logic of planned rollouts, pure functions: what a plan does when it starts, on each gate tick, and when a
 * person promotes, pauses, resumes or aborts it. Each decision is a {@link Move}; {@link RolloutStore#apply} makes it
 * (with the route's state change, audited) only if neither the plan nor the route changed since it was decided.
 *
 * <p>A plan walks its steps, CANARY(percent) each, then MODERN. On a tick a running plan advances when the step has
 * lasted its {@code pauseMs} and the gates hold ({@link GateVerdict#healthy}: at least {@code min-calls} modern calls
 * under the step's state and no rate over its threshold). Entering a step marked {@code pause} pauses the plan: it
 * waits for a promotion (next step now) or a resume (the gates advance it again). A failing gate aborts a running or
 * paused plan to LEGACY with the gate's rates as reason; so does a person's abort. A change of the route made outside
 * the plan (a person's {@code PUT /admin/traffic/routes/{id}}, another gate) aborts the plan and leaves the route as
 * it is.
 */
final class RolloutSteps {

    /**
     * Longest {@code pauseMs} of a step, ms: 30 days. A longer wait is a plan nobody will see through (pause the
     * step for a person instead); beyond it the step's end would not even be a date.
     */
    static final long MAX_PAUSE_MS = java.time.Duration.ofDays(30).toMillis();

    /** The state change kind of a person's move, as in {@code traffic_audit}. */
    static final String MANUAL = "MANUAL";

    /**
     * One history entry a move records (and one CloudEvent it notifies).
     *
     * @param name    {@code started, advanced, paused, resumed, promoted, aborted} or {@code completed}
     * @param percent the route's modern share after the move, % (MODERN 100, LEGACY 0)
     * @param reason  why
     */
    record Event(String name, int percent, String reason) {
    }

    /**
     * A decided change of a plan.
     *
     * @param status  the plan's status after it
     * @param step    the plan's step index after it
     * @param newStep whether the step (and its start time) changes
     * @param target  the route's new state, or {@code null} when the route stays as it is
     * @param kind    the state change kind for the audit trail ({@code MANUAL}, {@code ADVANCE}, {@code ROLLBACK})
     * @param events  what it records, in order (at least one)
     */
    record Move(Rollout.Status status, int step, boolean newStep, Transitions.Target target, String kind,
                List<Event> events) {
        /** @return the newest event's reason (the rollout's status reason, e.g. why it now waits) */
        String reason() {
            return events.get(events.size() - 1).reason();
        }

        /** @return the first event's reason: what caused the move (a person's promotion, a gate), for the audit */
        String cause() {
            return events.get(0).reason();
        }
    }

    private RolloutSteps() {
    }

    /**
     * @return the steps, when each percent is 1..100, the percentages rise and each pause is 0..{@link #MAX_PAUSE_MS}
     * @throws TrafficException 400 "Invalid rollout" otherwise (the detail names the step, from 1, and the value),
     *                          or when there are no steps
     */
    static List<RolloutStep> check(List<RolloutStep> steps) {
        if (steps == null || steps.isEmpty()) {
            throw invalid("steps are required: [{\"percent\": 1..100, \"pauseMs\": ms, \"pause\": false}, ...], "
                    + "percentages rising");
        }
        int previous = 0;
        int n = 0;
        for (RolloutStep step : steps) {
            n++;
            if (step == null || step.percent() == null || step.percent() < 1 || step.percent() > 100) {
                throw invalid("every step needs a percent from 1 to 100, got "
                        + (step == null ? null : step.percent()));
            }
            if (step.percent() <= previous) {
                throw invalid("step percentages must rise, got " + step.percent() + " after " + previous);
            }
            if (step.pauseMs() < 0 || step.pauseMs() > MAX_PAUSE_MS) {
                throw invalid("steps[" + (n - 1) + "].pauseMs must be 0.." + MAX_PAUSE_MS + " ms (30 days), got "
                        + step.pauseMs());
            }
            previous = step.percent();
        }
        return List.copyOf(steps);
    }

    /** @return the first step of checked {@code steps}, entered by a person */
    static Move start(List<RolloutStep> steps, String reason) {
        return enter(steps, 0, MANUAL, new Event("started", steps.get(0).percent(), reason));
    }

    /**
     * A gate tick on an active plan.
     *
     * @param route   the route's stored state now
     * @param verdict the gates on the calls under {@code route}'s version
     * @param nowMs   this replica's clock, ms since the epoch
     * @return abort (route changed outside the plan, or a gate fails), the next step or completion, or nothing
     */
    static Optional<Move> judge(Rollout r, RouteState route, GateVerdict verdict, long nowMs) {
        if (!r.status().active()) {
            return Optional.empty();
        }
        if (route.version() != r.stateVersion()) {
            return Optional.of(new Move(Rollout.Status.ABORTED, r.currentStep(), false, null, null,
                    List.of(new Event("aborted", route.state() == MigrationState.CANARY ? route.percent()
                            : modernShare(route.state()), "route changed outside the rollout: now " + route.label()
                            + " by " + route.updatedBy()))));
        }
        if (verdict.failing()) {
            return Optional.of(abort(r, "ROLLBACK", "gate failed at " + r.stepLabel(r.currentStep()) + ": "
                    + verdict.rates()));
        }
        if (r.status() == Rollout.Status.PAUSED || !verdict.healthy()
                || nowMs < r.stepStartedAt().toEpochMilli() + r.step().pauseMs()) {
            return Optional.empty();
        }
        return Optional.of(next(r, "ADVANCE", "advanced", "healthy for " + r.step().pauseMs() + " ms at "
                + r.stepLabel(r.currentStep()) + ": " + verdict.rates()));
    }

    /** @throws TrafficException 409 unless the plan is running or paused; @return the next step now, or MODERN */
    static Move promote(Rollout r, String reason) {
        requireActive(r);
        return next(r, MANUAL, "promoted", reason);
    }

    /** @throws TrafficException 409 unless the plan is running; @return the plan paused at its step */
    static Move pause(Rollout r, String reason) {
        if (r.status() != Rollout.Status.RUNNING) {
            throw conflict("only a running rollout can be paused; this one is " + r.status().tag());
        }
        return same(r, Rollout.Status.PAUSED, new Event("paused", r.step().percent(), reason));
    }

    /** @throws TrafficException 409 unless the plan is paused; @return the plan running again at its step */
    static Move resume(Rollout r, String reason) {
        if (r.status() != Rollout.Status.PAUSED) {
            throw conflict("only a paused rollout can be resumed; this one is " + r.status().tag());
        }
        return same(r, Rollout.Status.RUNNING, new Event("resumed", r.step().percent(), reason));
    }

    /** @throws TrafficException 409 unless the plan is running or paused; @return the route back to LEGACY */
    static Move abort(Rollout r, String kind, String reason) {
        requireActive(r);
        return new Move(Rollout.Status.ABORTED, r.currentStep(), false,
                new Transitions.Target(MigrationState.LEGACY, 0), kind, List.of(new Event("aborted", 0, reason)));
    }

    /** @return when the gates may advance the plan next (they also need healthy calls); null unless running */
    static Instant nextAdvanceAt(Rollout r) {
        return r.status() == Rollout.Status.RUNNING ? r.stepStartedAt().plusMillis(r.step().pauseMs()) : null;
    }

    private static Move next(Rollout r, String kind, String name, String reason) {
        int n = r.currentStep() + 1;
        if (n < r.steps().size()) {
            return enter(r.steps(), n, kind, new Event(name, r.steps().get(n).percent(), reason));
        }
        List<Event> events = new ArrayList<>();
        if (!"advanced".equals(name)) {
            events.add(new Event(name, 100, reason));
        }
        events.add(new Event("completed", 100, "all " + r.steps().size() + " steps done, the route is MODERN"
                + ("advanced".equals(name) ? "; " + reason : "")));
        return new Move(Rollout.Status.COMPLETED, r.currentStep(), false,
                new Transitions.Target(MigrationState.MODERN, 0), kind, events);
    }

    private static Move enter(List<RolloutStep> steps, int n, String kind, Event first) {
        RolloutStep step = steps.get(n);
        List<Event> events = new ArrayList<>(List.of(first));
        Rollout.Status status = Rollout.Status.RUNNING;
        if (step.pause()) {
            status = Rollout.Status.PAUSED;
            events.add(new Event("paused", step.percent(), "step " + (n + 1) + " of " + steps.size() + " ("
                    + step.percent() + "%) is marked pause: it waits for a promotion"));
        }
        return new Move(status, n, true, new Transitions.Target(MigrationState.CANARY, step.percent()), kind,
                events);
    }

    private static Move same(Rollout r, Rollout.Status status, Event event) {
        return new Move(status, r.currentStep(), false, null, null, List.of(event));
    }

    private static int modernShare(MigrationState state) {
        return state == MigrationState.MODERN || state == MigrationState.RETIRED ? 100 : 0;
    }

    private static void requireActive(Rollout r) {
        if (!r.status().active()) {
            throw conflict("the rollout is " + r.status().tag() + "; start a new one with PUT");
        }
    }

    private static TrafficException invalid(String detail) {
        return new TrafficException(400, "Invalid rollout", detail);
    }

    static TrafficException conflict(String detail) {
        return new TrafficException(409, "Rollout conflict", detail);
    }
}
