package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.testsupport.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared state table on a real PostgreSQL migrated by Ficus's Flyway scripts: two replicas (two
 * {@link TrafficStates} on one database) see each other's changes within a second, and a restart (a new
 * instance) keeps the state rather than re-seeding it from the routes file.
 */
class TrafficStateStoreIT {

    static final TestPostgres.Database DB = TestPostgres.newEmptyDatabase("traffic_store");

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

    static {
        Flyway.configure().dataSource(DB.dataSource()).schemas("ficus").defaultSchema("ficus")
                .locations("classpath:db/migration").load().migrate();
    }

    final Map<String, TrafficRoute> routes = Map.of("facade-get-product", new TrafficRoute(MigrationState.SHADOW,
            "http://modern", null, null, null, null, null, null, null, null, null));

    @Test
    void shouldShareChangesBetweenReplicasWithinOneSecondAndKeepThemOverARestart() {
        TrafficStateStore store = new TrafficStateStore(ficusSchema());
        TrafficStates replicaA = new TrafficStates(store, routes, 250);
        TrafficStates replicaB = new TrafficStates(new TrafficStateStore(ficusSchema()), routes, 250);
        replicaA.start();
        replicaB.start();
        try {
            assertThat(replicaB.get("facade-get-product").state()).isEqualTo(MigrationState.SHADOW);

            RouteState changed = store.change("facade-get-product", routes.get("facade-get-product"),
                    MigrationState.CANARY, 25, "alice", "MANUAL", "first customers", null).orElseThrow();
            replicaA.apply(changed);

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(replicaB.get("facade-get-product").label()).isEqualTo("CANARY(25%)"));
        } finally {
            replicaA.stop();
            replicaB.stop();
        }

        TrafficStates restarted = new TrafficStates(new TrafficStateStore(ficusSchema()), routes, 250);
        restarted.start();
        try {
            RouteState s = restarted.get("facade-get-product");
            assertThat(s.label()).isEqualTo("CANARY(25%)");
            assertThat(s.updatedBy()).isEqualTo("alice");
            assertThat(store.audit("facade-get-product", 10)).extracting(TrafficStateStore.AuditEntry::to)
                    .containsExactly("CANARY(25%)", "SHADOW");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void shouldNeitherVersionNorAuditAChangeToTheStateTheRouteIsIn() {
        Map<String, TrafficRoute> r = Map.of("facade-get-store", routes.get("facade-get-product"));
        TrafficStateStore store = new TrafficStateStore(ficusSchema());
        store.seed(r);
        RouteState canary = store.change("facade-get-store", r.get("facade-get-store"), MigrationState.CANARY, 10,
                "alice", "MANUAL", "first customers", null).orElseThrow();

        RouteState again = store.change("facade-get-store", r.get("facade-get-store"), MigrationState.CANARY, 10,
                "bob", "MANUAL", "same again", null).orElseThrow();

        assertThat(again.version()).as("gate windows are kept").isEqualTo(canary.version());
        assertThat(again.updatedBy()).isEqualTo("alice");
        assertThat(store.audit("facade-get-store", 10)).extracting(TrafficStateStore.AuditEntry::to)
                .containsExactly("CANARY(10%)", "SHADOW");
        assertThat(store.change("facade-get-store", r.get("facade-get-store"), MigrationState.CANARY, 25, "bob",
                "MANUAL", "more", null).orElseThrow().version()).isGreaterThan(canary.version());
    }

    @Test
    void shouldLetOnlyOneGateApplyAChangeJudgedOnTheSameVersion() {
        Map<String, TrafficRoute> r = Map.of("facade-get-order", routes.get("facade-get-product"));
        TrafficStateStore store = new TrafficStateStore(ficusSchema());
        store.seed(r);
        long version = store.load("facade-get-order").orElseThrow().version();

        var first = store.change("facade-get-order", r.get("facade-get-order"), MigrationState.LEGACY, 0,
                TrafficGates.ACTOR, "ROLLBACK", "replica 1", version);
        var second = store.change("facade-get-order", r.get("facade-get-order"), MigrationState.LEGACY, 0,
                TrafficGates.ACTOR, "ROLLBACK", "replica 2", version);

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(store.audit("facade-get-order", 10)).hasSize(2);
    }

    @Test
    void shouldSumLegacyCallsOfAllReplicasPerMinute() {
        TrafficStateStore store = new TrafficStateStore(ficusSchema());
        Instant now = Instant.now();
        store.addLegacyCalls("facade-list-products", now, 3);
        store.addLegacyCalls("facade-list-products", now, 4);
        store.addLegacyCalls("facade-list-products", now.minus(Duration.ofHours(2)), 100);

        assertThat(store.legacyCallsSince("facade-list-products", now.minus(Duration.ofMinutes(5)))).isEqualTo(7);
        assertThat(store.legacyCallsSince("facade-list-products", now.minus(Duration.ofHours(3)))).isEqualTo(107);
        assertThat(store.legacyCallsSince("facade-get-customer", now.minus(Duration.ofHours(3)))).isZero();
    }
}
