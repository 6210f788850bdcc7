package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas (each its own {@link TrafficStates}, {@link TrafficControl}, {@link TrafficGates} and stores) on one
 * real PostgreSQL migrated by Ficus's Flyway scripts: the gates judge the calls of both, a rollback happens once,
 * the shadow mismatches one replica keeps are listed by the other, and comparison rules changed through one replica
 * apply on the other from its next poll. The states are loaded by hand
 * ({@link TrafficStates#refresh}) so each replica's view changes only when the test says.
 */
class TrafficReplicasTest {

    static final TestPostgres.Database DB = TestPostgres.newEmptyDatabase("traffic_replicas");
    static final String ROUTE = "facade-get-inventory";

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

    /** One Ficus process as {@link TrafficConfiguration} wires it, minus the schedulers. */
    final class Replica {
        final TrafficStateStore store = new TrafficStateStore(ficusSchema());
        final TrafficSharedStore shared = new TrafficSharedStore(ficusSchema());
        final CompareStore compare = new CompareStore(store, TrafficFixtures.JSON);
        final TrafficStates states;
        final TrafficControl control;
        final TrafficRollouts rollouts;
        final TrafficGates gates;

        Replica(String id, Map<String, TrafficRoute> routes, TrafficProperties properties) {
            states = new TrafficStates(store, compare, routes, properties.pollIntervalMs());
            control = TrafficFixtures.control(routes, states, new SimpleMeterRegistry(), (r, q) -> null, properties);
            rollouts = TrafficFixtures.rollouts(control, states, store, TrafficFixtures.rolloutProperties(),
                    new SimpleMeterRegistry());
            gates = new TrafficGates(control, states, store, shared, rollouts, properties, id);
            store.seed(routes);
            states.refresh();
            replicas.add(this);
        }

        RouteRuntime rt() {
            return control.runtime(ROUTE);
        }

        void failModernCalls(int n) {
            for (int i = 0; i < n; i++) {
                rt().modernFailed(true, System.currentTimeMillis());
            }
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
        db.update("TRUNCATE traffic_route_state, traffic_audit, traffic_window, traffic_shadow_diff, "
                + "traffic_compare_rules");
    }

    static Map<String, TrafficRoute> gated(MigrationState initial) {
        return Map.of(ROUTE, new TrafficRoute(initial, "http://modern", null, null, null, null, null, null, null,
                new TrafficRoute.Gates(60_000L, 10, 0.2, 0.2, null), null));
    }

    static TrafficProperties withMaxDiffs(TrafficProperties p, int maxDiffs) {
        return new TrafficProperties(p.routesFile(), p.pollIntervalMs(), p.trustedToken(), p.shadowThreads(),
                p.shadowQueueCapacity(), maxDiffs, p.gateIntervalMs(), p.legacyCallsFlushMs(),
                p.retirementWindowMs(), p.breakerFailureRatePercent(), p.breakerMinimumCalls(), p.breakerOpenMs());
    }

    List<String> auditKinds() {
        return db.queryForList("SELECT kind FROM traffic_audit WHERE route_id = ? ORDER BY id", String.class, ROUTE);
    }

    @Test
    void shouldRollBackOnceWhenCallsSplitAcrossReplicasReachMinCallsTogether() {
        Map<String, TrafficRoute> routes = gated(MigrationState.MODERN);
        Replica a = new Replica("replica-a", routes, TrafficFixtures.properties());
        Replica b = new Replica("replica-b", routes, TrafficFixtures.properties());
        long judged = a.states.get(ROUTE).version();

        a.failModernCalls(5);
        b.failModernCalls(5);
        a.gates.evaluate();

        // 5 calls: under min-calls 10, although every one failed
        assertThat(a.store.load(ROUTE).orElseThrow().label()).isEqualTo("MODERN");

        b.gates.evaluate();

        RouteState rolledBack = b.store.load(ROUTE).orElseThrow();
        assertThat(rolledBack.label()).isEqualTo("CANARY(50%)");
        assertThat(rolledBack.updatedBy()).isEqualTo(TrafficGates.ACTOR);
        assertThat(b.store.audit(ROUTE, 1).get(0).reason()).contains("modern error rate 1.000 (10/10");

        // replica a has not seen the change yet: it judges the same version again, publishing the same buckets
        a.gates.evaluate();
        a.gates.evaluate();
        // replica b judges the new state on its own calls: none yet
        b.gates.evaluate();

        assertThat(auditKinds()).containsExactly("INITIAL", "ROLLBACK");
        assertThat(a.shared.totals(ROUTE, judged, 0)).isEqualTo(new RouteWindow.Totals(10, 10, 0, 0, 0));
        assertThat(a.shared.totals(ROUTE, rolledBack.version(), 0)).isEqualTo(new RouteWindow.Totals(0, 0, 0, 0, 0));
        assertThat(a.states.get(ROUTE).version()).isEqualTo(judged);

        a.states.refresh();
        a.failModernCalls(6);
        b.failModernCalls(4);
        a.gates.evaluate();
        b.gates.evaluate();
        a.gates.evaluate();

        assertThat(b.store.load(ROUTE).orElseThrow().label()).isEqualTo("SHADOW");
        assertThat(auditKinds()).containsExactly("INITIAL", "ROLLBACK", "ROLLBACK");
    }

    @Test
    void shouldNotRollBackWhenTheSharedRateIsBelowTheGate() {
        Map<String, TrafficRoute> routes = gated(MigrationState.MODERN);
        Replica a = new Replica("replica-a", routes, TrafficFixtures.properties());
        Replica b = new Replica("replica-b", routes, TrafficFixtures.properties());

        // replica a alone would see 3 errors in 10 calls (0.3 > 0.2); both together 3 in 20 (0.15)
        a.failModernCalls(3);
        for (int i = 0; i < 7; i++) {
            a.rt().modernAnswered(System.currentTimeMillis());
        }
        for (int i = 0; i < 10; i++) {
            b.rt().modernAnswered(System.currentTimeMillis());
        }
        b.gates.evaluate();
        a.gates.evaluate();

        assertThat(a.store.load(ROUTE).orElseThrow().label()).isEqualTo("MODERN");
        assertThat(auditKinds()).containsExactly("INITIAL");
    }

    static ShadowDiff diff(String requestId, int second) {
        return new ShadowDiff(Instant.parse("2026-12-01T10:00:00.123456Z").plusSeconds(second), requestId, "GET",
                "/api/v1/products/" + second + "/inventory?v=2", second % 2 == 0 ? null : "k" + second,
                "{\"unitsInStock\":" + second + "}", second == 2 ? 404 : 200, "{\"unitsInStock\":0}",
                second == 2 ? List.of("(status 404)") : List.of("$.unitsInStock", "$.extra"));
    }

    @Test
    void shouldListTheMismatchesOfEveryReplicaTheSameOnEachBoundedPerRoute() {
        Map<String, TrafficRoute> routes = gated(MigrationState.SHADOW);
        TrafficProperties properties = withMaxDiffs(TrafficFixtures.properties(), 3);
        Replica a = new Replica("replica-a", routes, properties);
        Replica b = new Replica("replica-b", routes, properties);

        a.rt().addDiff(diff("a1", 1));
        a.rt().addDiff(diff("a2", 2));
        b.rt().addDiff(diff("b1", 3));
        a.gates.flushDiffs();
        a.gates.flushDiffs();   // nothing new: stored once

        assertThat(b.gates.sharedDiffs(ROUTE)).containsExactly(diff("b1", 3), diff("a2", 2), diff("a1", 1));
        assertThat(a.gates.sharedDiffs(ROUTE)).containsExactly(diff("b1", 3), diff("a2", 2), diff("a1", 1));

        a.rt().addDiff(diff("a4", 4));
        a.rt().addDiff(diff("a5", 5));

        assertThat(b.gates.sharedDiffs(ROUTE)).extracting(ShadowDiff::requestId).containsExactly("b1", "a2", "a1");
        assertThat(a.gates.sharedDiffs(ROUTE)).extracting(ShadowDiff::requestId).containsExactly("a5", "a4", "b1");
        assertThat(b.gates.sharedDiffs(ROUTE)).extracting(ShadowDiff::requestId).containsExactly("a5", "a4", "b1");
        assertThat(db.queryForObject("SELECT count(*) FROM traffic_shadow_diff", Integer.class)).isEqualTo(3);
    }

    @Test
    void shouldPruneBucketsOlderThanTheLongestWindow() {
        Replica a = new Replica("replica-a", gated(MigrationState.SHADOW), TrafficFixtures.properties());
        long version = a.states.get(ROUTE).version();
        long now = System.currentTimeMillis() / 1000;
        a.shared.putBuckets(ROUTE, version, "gone-replica", List.of(
                new RouteWindow.Bucket(now - 60 - SharedWindows.PRUNE_MARGIN_S - 1, new RouteWindow.Totals(9, 9, 0,
                        0, 0)),
                new RouteWindow.Bucket(now - 30, new RouteWindow.Totals(1, 1, 0, 0, 0))));

        a.gates.evaluate();

        assertThat(db.queryForList("SELECT second_epoch FROM traffic_window", Long.class)).containsExactly(now - 30);
        assertThat(a.shared.totals(ROUTE, version, now - 59)).isEqualTo(new RouteWindow.Totals(1, 1, 0, 0, 0));
    }

    static final String LEGACY = "{\"id\":1,\"price\":\"18.00\",\"name\":\"Chai\"}";
    static final String MODERN = "{\"id\":1,\"price\":\"18.50\",\"name\":\"CHAI\"}";
    static final TrafficRequest GET = new TrafficRequest("r-1", "GET", "/api/v1/products/1/inventory", null,
            Map.of(), null, "1", true);

    /** @return the paths where one shadow of {@link #GET} on {@code rt} differed (empty: a match) */
    static List<String> shadowOnce(RouteRuntime rt) {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        long before = rt.totals(System.currentTimeMillis()).mismatches();
        try {
            new ShadowComparison((id, route, request) -> new ModernClient.Answer(200, "application/json", null,
                    MODERN, null), (route, request) -> null, TrafficFixtures.JSON,
                    new TrafficMetrics(new SimpleMeterRegistry()), executor).compare(rt, GET, LEGACY);
            return rt.totals(System.currentTimeMillis()).mismatches() == before ? List.of()
                    : rt.recentDiffs().get(0).paths();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void shouldApplyCompareRulesChangedOnOneReplicaOnTheOtherAtItsNextPoll() {
        Map<String, TrafficRoute> routes = gated(MigrationState.SHADOW);
        Replica a = new Replica("replica-a", routes, TrafficFixtures.properties());
        Replica b = new Replica("replica-b", routes, TrafficFixtures.properties());
        TrafficRoute.CompareRules file = routes.get(ROUTE).compare();
        TrafficRoute.CompareRules ignorePrice = new TrafficRoute.CompareRules(List.of("$.price"), null, null,
                List.of("$.*"), null);
        assertThat(shadowOnce(b.rt())).containsExactly("$.name", "$.price");

        a.states.apply(a.compare.change(ROUTE, file, ignorePrice, "alice", "price moves in the catalog", 0L));

        assertThat(a.rt().compareRules()).isEqualTo(ignorePrice);
        assertThat(b.rt().compareRules()).isEqualTo(file);
        b.states.refresh();
        assertThat(b.rt().compareRules()).isEqualTo(ignorePrice);
        assertThat(b.states.compare(ROUTE)).extracting(RouteCompare::source, RouteCompare::version,
                RouteCompare::updatedBy).containsExactly("admin", 1L, "alice");
        assertThat(shadowOnce(b.rt())).isEmpty();
        // a change based on a version read before alice's is refused, and changes nothing
        assertThatThrownBy(() -> b.compare.change(ROUTE, file, file, "bob", "stale", 0L))
                .isInstanceOfSatisfying(TrafficException.class, e -> assertThat(e.status()).isEqualTo(409));

        b.rt().learnNoise("$.timestamp");
        a.rt().learnNoise("$.served");
        b.states.apply(b.compare.forgetNoise(ROUTE, b.rt().learnedNoise(), "bob", "the clock was fixed"));
        a.states.refresh();
        assertThat(a.rt().learnedNoise()).isEmpty();
        assertThat(b.rt().learnedNoise()).isEmpty();
        assertThat(a.rt().compareRules()).isEqualTo(ignorePrice);

        a.states.apply(a.compare.change(ROUTE, file, null, "alice", "back to the reviewed file", null));
        b.states.refresh();
        assertThat(b.rt().compareRules()).isEqualTo(file);
        assertThat(b.states.compare(ROUTE).source()).isEqualTo("routes-file");
        assertThat(shadowOnce(b.rt())).containsExactly("$.name", "$.price");
        // nothing to change: neither a new version (which would make colleagues' expectedVersion stale) nor an audit
        long version = b.states.compare(ROUTE).version();
        assertThat(a.compare.change(ROUTE, file, null, "carol", "reset again", null).version()).isEqualTo(version);
        a.compare.change(ROUTE, file, ignorePrice, "carol", "set", null);
        assertThat(a.compare.change(ROUTE, file, new TrafficRoute.CompareRules(List.of("$.price"), null, null,
                List.of("$.*"), null), "carol", "same again", version + 1).version()).isEqualTo(version + 1);
        a.compare.change(ROUTE, file, null, "alice", "back to the reviewed file", null);

        List<TrafficStateStore.AuditEntry> audit = a.store.audit(ROUTE, 10).subList(2, 6);
        assertThat(audit).extracting(TrafficStateStore.AuditEntry::kind)
                .containsExactly("COMPARE_RESET", "NOISE_RESET", "COMPARE_SET", "INITIAL");
        assertThat(audit.get(2).changedBy()).isEqualTo("alice");
        assertThat(audit.get(2).reason()).isEqualTo("price moves in the catalog");
        assertThat(audit.get(2).from()).contains("\"ignorePaths\":[]");
        assertThat(audit.get(2).to()).contains("\"ignorePaths\":[\"$.price\"]", "\"caseInsensitivePaths\":[\"$.*\"]");
        assertThat(audit.get(1).from()).isEqualTo("[\"$.timestamp\"]");
        assertThat(audit.get(0).from()).isEqualTo(audit.get(2).to());
        assertThat(audit.get(0).to()).isEqualTo(audit.get(2).from());
    }
}
