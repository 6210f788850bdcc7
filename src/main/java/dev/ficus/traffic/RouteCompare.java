package dev.ficus.traffic;

import java.time.Instant;

/**
 * A route's row of {@code ficus.traffic_compare_rules} ({@code V52}): the shadow comparison rules an operator set
 * through the admin API, shared by every replica ({@link TrafficStates} re-reads it with the states).
 *
 * @param routeId    the route id of the traffic routes file
 * @param rules      the rules set through the admin API; {@code null}: the routes file's rules apply
 * @param version    increases by one with every change of rules; 0 before the first
 * @param noiseEpoch increases by one each time an operator forgets the learned noise (every replica then clears
 *                   its own)
 * @param updatedAt  when the rules last changed (database time); {@code null} when they never did
 * @param updatedBy  who changed them last (the authenticated principal); {@code null} when nobody did
 * @param reason     why; {@code null} when they never changed
 */
public record RouteCompare(String routeId, TrafficRoute.CompareRules rules, long version, long noiseEpoch,
                           Instant updatedAt, String updatedBy, String reason) {

    /** @return the row a route has before any change: the file's rules, version 0, no noise forgotten */
    static RouteCompare none(String routeId) {
        return new RouteCompare(routeId, null, 0, 0, null, null, null);
    }

    /** @return {@code admin} when rules set through the admin API apply, else {@code routes-file} */
    public String source() {
        return rules == null ? "routes-file" : "admin";
    }
}
