package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The step logic of planned rollouts, without a database: advance, pause, promote, abort, completion. */
class RolloutStepsTest {

    static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
    static final TrafficRoute.Gates GATES = new TrafficRoute.Gates(60_000L, 10, 0.05, 0.01, null);
    static final List<RolloutStep> RAMP = List.of(step(1, 1_000, false), step(5, 1_000, false),
            step(25, 1_000, true), step(50, 1_000, false));

    static RolloutStep step(int percent, long pauseMs, boolean pause) {
        return new RolloutStep(percent, pauseMs, pause);
    }

    static Rollout at(int step, Rollout.Status status) {
        return new Rollout(7, "facade-get-product", status, RAMP, step, STARTED, 12, "why", 3);
    }

    static RouteState canary(int percent, long version) {
        return new RouteState("facade-get-product", MigrationState.CANARY, percent, version, "ADVANCE", STARTED,
                TrafficGates.ACTOR);
    }

    /** modern calls, modern errors, comparisons, mismatches */
    static GateVerdict gates(long calls, long errors, long comparisons, long mismatches) {
        return GateVerdict.of(new RouteWindow.Totals(calls, errors, comparisons, mismatches, 0), GATES);
    }

    static long after(long ms) {
        return STARTED.toEpochMilli() + ms;
    }

    static List<String> events(RolloutSteps.Move move) {
        return move.events().stream().map(e -> e.name() + " " + e.percent()).toList();
    }

    @Test
    void shouldRefuseStepsThatDoNotRiseWithin1To100() {
        assertThat(RolloutSteps.check(RAMP)).isEqualTo(RAMP);
        assertThat(RolloutSteps.check(List.of(step(100, 0, false)))).hasSize(1);
        for (List<RolloutStep> bad : List.of(List.<RolloutStep>of(), List.of(step(0, 1, false)),
                List.of(step(101, 1, false)), List.of(step(5, 1, false), step(5, 1, false)),
                List.of(step(50, 1, false), step(25, 1, false)), List.of(step(5, -1, false)),
                List.of(new RolloutStep(null, null, null)))) {
            assertThatThrownBy(() -> RolloutSteps.check(bad)).as("%s", bad).isInstanceOfSatisfying(
                    TrafficException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> RolloutSteps.check(null)).isInstanceOf(TrafficException.class);
        assertThat(new RolloutStep(5, null, null)).isEqualTo(step(5, 60_000, false));
    }

    @Test
    void shouldRefuseAPauseBeyond30DaysOrBelowZero() {
        assertThat(RolloutSteps.check(List.of(step(1, 0, false), step(2, RolloutSteps.MAX_PAUSE_MS, false))))
                .hasSize(2);
        assertThat(RolloutSteps.MAX_PAUSE_MS).isEqualTo(30L * 24 * 3600 * 1000);
        for (long pauseMs : new long[] {RolloutSteps.MAX_PAUSE_MS + 1, Long.MAX_VALUE, -1}) {
            assertThatThrownBy(() -> RolloutSteps.check(List.of(step(1, 1000, false), step(2, pauseMs, false))))
                    .isInstanceOfSatisfying(TrafficException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo("steps[1].pauseMs must be 0..2592000000 ms (30 days), "
                                + "got " + pauseMs);
                    });
        }
    }

    @Test
    void shouldStartAtTheFirstStepAndPauseThereWhenItIsMarked() {
        RolloutSteps.Move start = RolloutSteps.start(RAMP, "go");
        assertThat(start.target()).isEqualTo(new Transitions.Target(MigrationState.CANARY, 1));
        assertThat(start.status()).isEqualTo(Rollout.Status.RUNNING);
        assertThat(start.kind()).isEqualTo("MANUAL");
        assertThat(events(start)).containsExactly("started 1");

        RolloutSteps.Move paused = RolloutSteps.start(List.of(step(10, 0, true)), "careful");
        assertThat(paused.status()).isEqualTo(Rollout.Status.PAUSED);
        assertThat(events(paused)).containsExactly("started 10", "paused 10");
    }

    @Test
    void shouldAdvanceOnlyAfterTheStepsWaitWithEnoughHealthyCalls() {
        Rollout r = at(0, Rollout.Status.RUNNING);
        RouteState route = canary(1, 12);

        assertThat(RolloutSteps.judge(r, route, gates(50, 0, 0, 0), after(999))).isEmpty();
        // healthy but under min-calls: no evidence yet
        assertThat(RolloutSteps.judge(r, route, gates(9, 0, 0, 0), after(5_000))).isEmpty();
        // errors within the gate (2/50 = 0.04 ≤ 0.05)
        RolloutSteps.Move next = RolloutSteps.judge(r, route, gates(50, 2, 0, 0), after(1_000)).orElseThrow();

        assertThat(next.target()).isEqualTo(new Transitions.Target(MigrationState.CANARY, 5));
        assertThat(next.step()).isEqualTo(1);
        assertThat(next.newStep()).isTrue();
        assertThat(next.status()).isEqualTo(Rollout.Status.RUNNING);
        assertThat(next.kind()).isEqualTo("ADVANCE");
        assertThat(events(next)).containsExactly("advanced 5");
        assertThat(next.reason()).contains("step 1 of 4 (1%)").contains("modern error rate 0.040 (2/50");
        assertThat(RolloutSteps.nextAdvanceAt(r)).isEqualTo(STARTED.plusMillis(1_000));
    }

    @Test
    void shouldPauseWhenEnteringAMarkedStepAndWaitThereForAPromotion() {
        RolloutSteps.Move next = RolloutSteps.judge(at(1, Rollout.Status.RUNNING), canary(5, 12),
                gates(20, 0, 0, 0), after(1_000)).orElseThrow();
        assertThat(next.status()).isEqualTo(Rollout.Status.PAUSED);
        assertThat(events(next)).containsExactly("advanced 25", "paused 25");

        Rollout paused = at(2, Rollout.Status.PAUSED);
        assertThat(RolloutSteps.judge(paused, canary(25, 12), gates(500, 0, 0, 0), after(60_000))).isEmpty();
        assertThat(RolloutSteps.nextAdvanceAt(paused)).isNull();

        RolloutSteps.Move promoted = RolloutSteps.promote(paused, "looks fine");
        assertThat(promoted.target()).isEqualTo(new Transitions.Target(MigrationState.CANARY, 50));
        assertThat(promoted.status()).isEqualTo(Rollout.Status.RUNNING);
        assertThat(promoted.kind()).isEqualTo("MANUAL");
        assertThat(events(promoted)).containsExactly("promoted 50");

        RolloutSteps.Move resumed = RolloutSteps.resume(paused, "let the gates decide");
        assertThat(resumed.target()).isNull();
        assertThat(resumed.status()).isEqualTo(Rollout.Status.RUNNING);
        assertThat(resumed.newStep()).isFalse();
        assertThat(events(resumed)).containsExactly("resumed 25");
        // a resumed step is advanced by the gates again
        assertThat(RolloutSteps.judge(at(2, Rollout.Status.RUNNING), canary(25, 12), gates(20, 0, 0, 0),
                after(1_000)).orElseThrow().target()).isEqualTo(new Transitions.Target(MigrationState.CANARY, 50));
    }

    @Test
    void shouldAbortToLegacyWithTheGatesRatesWhenAGateFailsRunningOrPaused() {
        for (Rollout.Status status : List.of(Rollout.Status.RUNNING, Rollout.Status.PAUSED)) {
            RolloutSteps.Move abort = RolloutSteps.judge(at(1, status), canary(5, 12), gates(20, 2, 0, 0),
                    after(10)).orElseThrow();
            assertThat(abort.target()).isEqualTo(new Transitions.Target(MigrationState.LEGACY, 0));
            assertThat(abort.status()).isEqualTo(Rollout.Status.ABORTED);
            assertThat(abort.kind()).isEqualTo("ROLLBACK");
            assertThat(events(abort)).containsExactly("aborted 0");
            assertThat(abort.reason()).startsWith("gate failed at step 2 of 4 (5%): modern error rate 0.100 (2/20");
        }
        // the mismatch gate too, once it has min-calls comparisons
        assertThat(RolloutSteps.judge(at(0, Rollout.Status.RUNNING), canary(1, 12), gates(0, 0, 10, 1), after(0)))
                .map(RolloutSteps.Move::status).hasValue(Rollout.Status.ABORTED);
        assertThat(RolloutSteps.judge(at(0, Rollout.Status.RUNNING), canary(1, 12), gates(9, 9, 9, 9), after(0)))
                .isEmpty();
    }

    @Test
    void shouldCompleteToModernAfterTheLastStep() {
        Rollout last = at(3, Rollout.Status.RUNNING);
        RolloutSteps.Move done = RolloutSteps.judge(last, canary(50, 12), gates(10, 0, 0, 0), after(1_000))
                .orElseThrow();
        assertThat(done.target()).isEqualTo(new Transitions.Target(MigrationState.MODERN, 0));
        assertThat(done.status()).isEqualTo(Rollout.Status.COMPLETED);
        assertThat(done.step()).isEqualTo(3);
        assertThat(events(done)).containsExactly("completed 100");

        RolloutSteps.Move promoted = RolloutSteps.promote(last, "ship it");
        assertThat(promoted.target().state()).isEqualTo(MigrationState.MODERN);
        assertThat(events(promoted)).containsExactly("promoted 100", "completed 100");
        assertThat(RolloutSteps.judge(at(3, Rollout.Status.COMPLETED), canary(50, 12), gates(10, 10, 0, 0),
                after(1_000))).isEmpty();
    }

    @Test
    void shouldAbortWithoutTouchingTheRouteWhenSomeoneChangedItOutsideThePlan() {
        RouteState moved = new RouteState("facade-get-product", MigrationState.SHADOW, 0, 13, "MANUAL", STARTED,
                "alice");
        Optional<RolloutSteps.Move> abort = RolloutSteps.judge(at(1, Rollout.Status.RUNNING), moved,
                gates(100, 0, 0, 0), after(5_000));
        assertThat(abort).hasValueSatisfying(m -> {
            assertThat(m.target()).isNull();
            assertThat(m.status()).isEqualTo(Rollout.Status.ABORTED);
            assertThat(m.reason()).isEqualTo("route changed outside the rollout: now SHADOW by alice");
            assertThat(events(m)).containsExactly("aborted 0");
        });
    }

    @Test
    void shouldRefuseActionsTheStatusDoesNotAllowWith409() {
        for (Runnable refused : List.<Runnable>of(
                () -> RolloutSteps.pause(at(1, Rollout.Status.PAUSED), "x"),
                () -> RolloutSteps.resume(at(1, Rollout.Status.RUNNING), "x"),
                () -> RolloutSteps.promote(at(1, Rollout.Status.ABORTED), "x"),
                () -> RolloutSteps.abort(at(3, Rollout.Status.COMPLETED), "MANUAL", "x"))) {
            assertThatThrownBy(refused::run).isInstanceOfSatisfying(TrafficException.class,
                    e -> assertThat(e.status()).isEqualTo(409));
        }
        RolloutSteps.Move paused = RolloutSteps.pause(at(1, Rollout.Status.RUNNING), "hold on");
        assertThat(paused.target()).isNull();
        assertThat(events(paused)).containsExactly("paused 5");
        RolloutSteps.Move aborted = RolloutSteps.abort(at(1, Rollout.Status.PAUSED), "MANUAL", "stop");
        assertThat(aborted.target()).isEqualTo(new Transitions.Target(MigrationState.LEGACY, 0));
        assertThat(aborted.kind()).isEqualTo("MANUAL");
    }
}
