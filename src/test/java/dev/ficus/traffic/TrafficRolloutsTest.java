package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Planned rollouts on a real PostgreSQL migrated by Ficus's Flyway scripts, with two replicas (each its own states,
 * traffic control, rollouts and gates, as {@link TrafficConfiguration} wires them, minus the schedulers): a step is
 * advanced once although both judge it, a failing gate aborts to LEGACY, a marked step waits for a promotion, and
 * every step is in the plan's history and the state audit trail. Ticks are run by hand
 * ({@link TrafficGates#evaluate}), so each replica acts only when the test says.
 */
class TrafficRolloutsTest {

    static final TestPostgres.Database DB = TestPostgres.newEmptyDatabase("traffic_rollouts");
    static final String ROUTE = "facade-get-product";

    static {
        Flyway.configure().dataSource(DB.dataSource()).schemas("ficus").defaultSchema("ficus")
                .locations("classpath:db/migration").load().migrate();
    }

    static PGSimpleDataSource ficusSchema() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(DB.jdbcUrl());
        ds.setUser(DB.user());
        if (DB.password() != null) {
            ds.setPassword(DB.password());
        }
        ds.setCurrentSchema("ficus");
        return ds;
    }

    final class Replica {
        final TrafficStateStore store = new TrafficStateStore(ficusSchema());
        final TrafficStates states;
        final TrafficControl control;
        final TrafficRollouts rollouts;
        final TrafficGates gates;

        Replica(String id, Map<String, TrafficRoute> routes) {
            TrafficProperties properties = TrafficFixtures.properties();
            states = new TrafficStates(store, routes, properties.pollIntervalMs());
            control = TrafficFixtures.control(routes, states, new SimpleMeterRegistry(), (r, q) -> null, properties);
            rollouts = TrafficFixtures.rollouts(control, states, store, TrafficFixtures.rolloutProperties(),
                    new SimpleMeterRegistry());
            gates = new TrafficGates(control, states, store, new TrafficSharedStore(ficusSchema()), rollouts,
                    properties, id);
            store.seed(routes);
            states.refresh();
            replicas.add(this);
        }

        RouteRuntime rt() {
            return control.runtime(ROUTE);
        }

        void modernCalls(int ok, int failed) {
            states.refresh();
            for (int i = 0; i < ok; i++) {
                rt().modernAnswered(System.currentTimeMillis());
            }
            for (int i = 0; i < failed; i++) {
                rt().modernFailed(true, System.currentTimeMillis());
            }
        }

        String label() {
            return store.load(ROUTE).orElseThrow().label();
        }
    }

    final List<Replica> replicas = new ArrayList<>();
    final JdbcTemplate db = new JdbcTemplate(ficusSchema());

    @AfterEach
    void close() {
        replicas.forEach(r -> {
            r.control.close();
            r.rollouts.close();
        });
        db.update("TRUNCATE traffic_route_state, traffic_audit, traffic_window, traffic_shadow_diff, traffic_rollout, "
                + "traffic_rollout_event");
    }

    /** Gates: 10 calls at least, 20 % errors at most; declared plan 10 % → 50 %. */
    static Map<String, TrafficRoute> routes(MigrationState initial, boolean allowSkip) {
        return Map.of(ROUTE, new TrafficRoute(initial, "http://modern", null, null, null, allowSkip, null, null,
                null, new TrafficRoute.Gates(60_000L, 10, 0.2, 0.2, null), new TrafficRoute.RolloutPlan(List.of(
                        new RolloutStep(10, 0L, false), new RolloutStep(50, 0L, false)))));
    }

    static List<RolloutStep> steps(RolloutStep... steps) {
        return List.of(steps);
    }

    List<String> history() {
        return db.queryForList("SELECT event || ' ' || percent || ' by ' || actor FROM traffic_rollout_event "
                + "ORDER BY id", String.class);
    }

    List<String> audit() {
        return db.queryForList("SELECT kind || ' ' || to_state || ' ' || to_percent || ' by ' || changed_by "
                + "FROM traffic_audit WHERE route_id = ? ORDER BY id", String.class, ROUTE);
    }

    @Test
    void shouldAdvanceOnceWhenTwoReplicasJudgeTheSameStep() throws Exception {
        Map<String, TrafficRoute> routes = routes(MigrationState.SHADOW, false);
        Replica a = new Replica("replica-a", routes);
        Replica b = new Replica("replica-b", routes);
        a.rollouts.start(ROUTE, steps(new RolloutStep(10, 0L, false), new RolloutStep(50, 0L, false),
                new RolloutStep(90, 0L, false)), "three steps", "alice");
        a.modernCalls(6, 0);
        b.modernCalls(4, 0);
        a.gates.evaluate();   // publishes a's 6 calls: under min-calls 10, nothing decided
        assertThat(a.label()).isEqualTo("CANARY(10%)");

        b.gates.evaluate();   // publishes b's 4 and judges the sum: 10 healthy calls
        assertThat(a.label()).isEqualTo("CANARY(50%)");
        a.gates.evaluate();   // judges the new step on its own calls: none yet
        b.gates.evaluate();
        assertThat(a.label()).isEqualTo("CANARY(50%)");

        // both replicas judge the same plan version on the same healthy window, at the same moment
        RolloutStore.Active judged = a.rollouts.active().get(ROUTE);
        RouteWindow.Totals healthy = new RouteWindow.Totals(10, 0, 0, 0, 0);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> judgeAt(a, judged, healthy, together)),
                CompletableFuture.runAsync(() -> judgeAt(b, judged, healthy, together))).get();

        assertThat(a.label()).isEqualTo("CANARY(90%)");
        assertThat(history()).containsExactly("started 10 by alice", "advanced 50 by ficus-gates",
                "advanced 90 by ficus-gates");
        assertThat(audit()).containsExactly("INITIAL SHADOW 0 by config", "MANUAL CANARY 10 by alice",
                "ADVANCE CANARY 50 by ficus-gates", "ADVANCE CANARY 90 by ficus-gates");
    }

    private static void judgeAt(Replica r, RolloutStore.Active active, RouteWindow.Totals totals,
                                CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        r.rollouts.judge(r.rt(), active, totals, System.currentTimeMillis());
    }

    @Test
    void shouldAbortToLegacyWhenTheModernSideFailsAcrossReplicas() {
        Map<String, TrafficRoute> routes = routes(MigrationState.SHADOW, false);
        Replica a = new Replica("replica-a", routes);
        Replica b = new Replica("replica-b", routes);
        a.rollouts.start(ROUTE, steps(new RolloutStep(20, 0L, false), new RolloutStep(40, 60_000L, false)), "try",
                "alice");
        a.modernCalls(10, 0);
        a.gates.evaluate();
        assertThat(a.label()).isEqualTo("CANARY(40%)");

        // 3 failures in 10 calls, split over the replicas: 0.3 > 0.2
        a.modernCalls(5, 2);
        b.modernCalls(2, 1);
        a.gates.evaluate();
        b.gates.evaluate();
        a.gates.evaluate();

        assertThat(a.label()).isEqualTo("LEGACY");
        assertThat(history()).containsExactly("started 20 by alice", "advanced 40 by ficus-gates",
                "aborted 0 by ficus-gates");
        Map<String, Object> view = b.rollouts.view(ROUTE);
        assertThat(view.get("status")).isEqualTo("aborted");
        assertThat(view.get("currentStep")).isEqualTo(1);
        assertThat(view.get("nextAdvanceAt")).isNull();
        assertThat((String) view.get("reason")).startsWith("gate failed at step 2 of 2 (40%): modern error rate "
                + "0.300 (3/10");
        assertThat(audit()).last().isEqualTo("ROLLBACK LEGACY 0 by ficus-gates");
        assertThat(a.store.audit(ROUTE, 1).get(0).reason()).startsWith("rollout: gate failed");
        // an aborted plan makes way for a new one
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.SHADOW, null, "alice", "MANUAL", "again", null);
        a.rollouts.start(ROUTE, null, "second try", "alice");
        assertThat(a.rollouts.view(ROUTE).get("history")).asList().hasSize(1);
    }

    @Test
    void shouldWaitAtAMarkedStepUntilPromotedAndCompleteToModern() {
        Replica a = new Replica("replica-a", routes(MigrationState.SHADOW, false));
        a.rollouts.start(ROUTE, steps(new RolloutStep(50, 0L, false), new RolloutStep(100, 0L, true)), "ramp",
                "alice");
        a.modernCalls(10, 0);
        a.gates.evaluate();
        assertThat(a.label()).isEqualTo("CANARY(100%)");
        assertThat(a.rollouts.view(ROUTE).get("status")).isEqualTo("paused");

        a.modernCalls(50, 0);
        a.gates.evaluate();
        assertThat(a.label()).isEqualTo("CANARY(100%)");
        a.rollouts.resume(ROUTE, "let the gates finish", "bob");
        a.rollouts.pause(ROUTE, "not yet", "bob");
        a.rollouts.promote(ROUTE, "ship it", "carol");

        assertThat(a.label()).isEqualTo("MODERN");
        assertThat(a.states.get(ROUTE).label()).isEqualTo("MODERN");
        assertThat(history()).containsExactly("started 50 by alice", "advanced 100 by ficus-gates",
                "paused 100 by ficus-gates", "resumed 100 by bob", "paused 100 by bob", "promoted 100 by carol",
                "completed 100 by carol");
        assertThat(audit()).containsExactly("INITIAL SHADOW 0 by config", "MANUAL CANARY 50 by alice",
                "ADVANCE CANARY 100 by ficus-gates", "MANUAL MODERN 0 by carol");
        assertThat(a.store.audit(ROUTE, 2).get(1).reason()).as("the audit says why the route moved, not that it "
                + "now waits").startsWith("rollout: ").doesNotContain("marked pause");
        Map<String, Object> view = a.rollouts.view(ROUTE);
        assertThat(view.get("status")).isEqualTo("completed");
        assertThat(view.get("currentStep")).isEqualTo(1);
        assertThatThrownBy(() -> a.rollouts.abort(ROUTE, "too late", "bob")).isInstanceOfSatisfying(
                TrafficException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldRefuseASecondPlanASkipFromLegacyAndARouteAlreadyModern() {
        Map<String, TrafficRoute> routes = routes(MigrationState.LEGACY, false);
        Replica a = new Replica("replica-a", routes);
        assertThat(a.rollouts.view(ROUTE)).containsEntry("status", "none").containsEntry("currentStep", null)
                .containsEntry("steps", routes.get(ROUTE).rollout().steps());

        assertThatThrownBy(() -> a.rollouts.start(ROUTE, null, "skip", "alice")).isInstanceOfSatisfying(
                TrafficException.class, e -> assertThat(e.title()).isEqualTo("Invalid transition"));
        assertThat(history()).isEmpty();

        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.SHADOW, null, "alice", "MANUAL", "shadow", null);
        a.rollouts.start(ROUTE, null, "go", "alice");
        assertThatThrownBy(() -> a.rollouts.start(ROUTE, null, "again", "bob")).isInstanceOfSatisfying(
                TrafficException.class, e -> assertThat(e.getMessage()).contains("has a running rollout"));
        assertThatThrownBy(() -> a.rollouts.start(ROUTE, steps(new RolloutStep(50, 0L, false),
                new RolloutStep(5, 0L, false)), "bad", "bob")).isInstanceOfSatisfying(TrafficException.class,
                        e -> assertThat(e.status()).isEqualTo(400));

        a.rollouts.abort(ROUTE, "stop", "bob");
        assertThat(a.label()).isEqualTo("LEGACY");
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.SHADOW, null, "alice", "MANUAL", "x", null);
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.CANARY, 5, "alice", "MANUAL", "x", null);
        // a plan starting below the route's share would send keys back to legacy
        assertThatThrownBy(() -> a.rollouts.start(ROUTE, steps(new RolloutStep(1, 0L, false),
                new RolloutStep(50, 0L, false)), "ramp", "bob")).isInstanceOfSatisfying(TrafficException.class,
                        e -> assertThat(e.getMessage()).contains("serves 5 % of its keys", "from 5 % up"));
        assertThat(a.label()).isEqualTo("CANARY(5%)");
        a.rollouts.start(ROUTE, steps(new RolloutStep(5, 0L, false), new RolloutStep(50, 0L, false)), "ramp", "bob");
        a.rollouts.abort(ROUTE, "stop", "bob");
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.SHADOW, null, "alice", "MANUAL", "x", null);
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.CANARY, 5, "alice", "MANUAL", "x", null);
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.MODERN, null, "alice", "MANUAL", "x", null);
        assertThatThrownBy(() -> a.rollouts.start(ROUTE, null, "modern already", "bob")).isInstanceOfSatisfying(
                TrafficException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldEndThePlanWhenSomeoneChangesTheRouteOutsideIt() {
        Map<String, TrafficRoute> routes = routes(MigrationState.SHADOW, false);
        Replica a = new Replica("replica-a", routes);
        a.rollouts.start(ROUTE, null, "go", "alice");
        a.store.change(ROUTE, routes.get(ROUTE), MigrationState.SHADOW, null, "bob", "MANUAL", "hold it", null);
        a.modernCalls(20, 0);
        a.gates.evaluate();

        assertThat(a.label()).isEqualTo("SHADOW");
        assertThat(history()).containsExactly("started 10 by alice", "aborted 0 by ficus-gates");
        assertThat(a.rollouts.view(ROUTE).get("reason")).isEqualTo("route changed outside the rollout: now SHADOW "
                + "by bob");
        // no plan drives it any more: the route's own gates judge it again
        assertThat(a.rollouts.active()).isEmpty();
    }
}
