package dev.ficus.traffic;

import java.time.Instant;

/**
 * The current state of one route as stored in {@code ficus.traffic_route_state}.
 *
 * @param routeId        the façade route id (kebab-case), e.g. {@code facade-get-product}
 * @param state          the migration state
 * @param percent        share of business keys the modern side serves in {@link MigrationState#CANARY}, 0..100;
 *                       0 in every other state
 * @param version        increases by one with every change (optimistic concurrency between replicas)
 * @param lastChangeKind {@code INITIAL}, {@code MANUAL}, {@code ROLLBACK} (by a gate) or {@code ADVANCE} (by a gate)
 * @param updatedAt      when the state last changed
 * @param updatedBy      who changed it last (the authenticated principal, or {@code ficus-gates})
 */
public record RouteState(String routeId, MigrationState state, int percent, long version, String lastChangeKind,
                         Instant updatedAt, String updatedBy) {

    /** @return e.g. {@code CANARY(25%)} or {@code SHADOW} */
    public String label() {
        return state == MigrationState.CANARY ? "CANARY(" + percent + "%)" : state.name();
    }
}
