package dev.ficus.traffic;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate windows of all replicas, in {@code traffic_window}: this replica publishes its own per-second buckets
 * ({@link RouteRuntime#windowSnapshot}) as absolute counts, only the buckets that changed since its last successful
 * write, and reads the sum over every replica for the gates. Counts are tagged with the route state version they
 * were counted under and the gates read only the version they judge, so a new state is judged on its own calls
 * (each replica starts counting for it when it sees the change, as its own window resets). Thread-safe.
 */
final class SharedWindows {

    /** Rows are kept this long beyond the longest window, s: a replica whose clock is behind still finds its own. */
    static final long PRUNE_MARGIN_S = 60;

    private final TrafficSharedStore store;
    private final String replicaId;
    private final Map<String, RouteWindow.Snapshot> published = new ConcurrentHashMap<>();

    /** @param replicaId this process's id in {@code traffic_window.replica_id} */
    SharedWindows(TrafficSharedStore store, String replicaId) {
        this.store = store;
        this.replicaId = replicaId;
    }

    /** @return this process's replica id */
    String replicaId() {
        return replicaId;
    }

    /**
     * Writes this replica's buckets of a route that changed since the last successful write (all of them after a
     * state change or a failed write). Before the states are loaded (version 0) nothing is written.
     *
     * @throws org.springframework.dao.DataAccessException when the database refuses; the next call retries
     */
    void publish(RouteRuntime rt, long nowMs) {
        RouteWindow.Snapshot now = rt.windowSnapshot(nowMs);
        if (now.version() == 0) {
            return;
        }
        RouteWindow.Snapshot before = published.get(rt.routeId);
        List<RouteWindow.Bucket> changed = now.buckets();
        if (before != null && before.version() == now.version()) {
            Set<RouteWindow.Bucket> written = new HashSet<>(before.buckets());
            changed = changed.stream().filter(b -> !written.contains(b)).toList();
        }
        store.putBuckets(rt.routeId, now.version(), replicaId, changed);
        published.put(rt.routeId, now);
    }

    /**
     * @param version the route state version judged
     * @return the sum of every replica's counts of the route under {@code version} over its window (the seconds
     *         {@code windowMs / 1000} back from {@code nowMs}, as {@link RouteWindow#totals})
     */
    RouteWindow.Totals totals(RouteRuntime rt, long version, long nowMs) {
        long seconds = Math.max(1, rt.windowMs() / 1000);
        return store.totals(rt.routeId, version, nowMs / 1000 - seconds + 1);
    }

    /** Deletes every replica's rows older than {@code longestWindowMs} plus {@value #PRUNE_MARGIN_S} s. */
    void prune(long longestWindowMs, long nowMs) {
        store.pruneBuckets(nowMs / 1000 - Math.max(1, longestWindowMs / 1000) - PRUNE_MARGIN_S);
    }
}
