package dev.ficus.traffic;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One declared route's runtime state on this replica: its gate window (this replica's share of what the gates
 * judge, published to {@code traffic_window}), the recent shadow mismatches (kept here until stored in
 * {@code traffic_shadow_diff}), the comparison rules in force (the routes file's, or those set through the admin API
 * as {@link TrafficStates} last read them), the learned legacy noise, and the legacy calls not yet added to the
 * shared table.
 * Thread-safe.
 */
final class RouteRuntime {

    final String routeId;
    final TrafficRoute route;
    private final RouteWindow window;
    private final int maxDiffs;
    private final ArrayDeque<ShadowDiff> diffs = new ArrayDeque<>();
    private long diffsAdded;
    private long diffsStored;
    private final Set<String> learnedNoise = ConcurrentHashMap.newKeySet();
    private volatile TrafficRoute.CompareRules compare;
    private final AtomicLong pendingLegacyCalls = new AtomicLong();
    private final Counter fallbacks;
    private final Counter dropped;

    /**
     * @param routeId  the route id of the traffic routes file
     * @param route    its declaration (window length from its gates, default 60000 ms)
     * @param maxDiffs recent mismatches kept
     * @param metrics  registers the route's counters and mismatch-rate gauge
     */
    RouteRuntime(String routeId, TrafficRoute route, int maxDiffs, TrafficMetrics metrics) {
        this.routeId = routeId;
        this.route = route;
        this.maxDiffs = maxDiffs;
        this.window = new RouteWindow(windowMs());
        this.compare = route.compare();
        this.fallbacks = metrics.fallbacks(routeId);
        this.dropped = metrics.dropped(routeId);
        metrics.mismatchRate(routeId, window);
    }

    /** @return the gate window's length, ms */
    long windowMs() {
        return route.gates() == null ? 60_000 : route.gates().windowMs();
    }

    /** @return the window's totals at {@code nowMs} */
    RouteWindow.Totals totals(long nowMs) {
        return window.totals(nowMs);
    }

    /** @return the window's state version and non-empty buckets at {@code nowMs} (what this replica publishes) */
    RouteWindow.Snapshot windowSnapshot(long nowMs) {
        return window.snapshot(nowMs);
    }

    /** Forgets the window (the route's state changed: a new state is judged on its own calls). */
    void resetWindow() {
        window.reset();
    }

    /**
     * The route's state is now {@code version}: later counts belong to it.
     *
     * @param reset whether to forget the counts so far (a change, not the first load)
     */
    void stateVersion(long version, boolean reset) {
        window.countFor(version, reset);
    }

    /** The modern side answered (served or shadowed). */
    void modernAnswered(long nowMs) {
        window.add(RouteWindow.MODERN, nowMs);
    }

    /** A modern call failed; only a {@code gateError} (see {@link SidePolicy#gateError}) counts for the gates. */
    void modernFailed(boolean gateError, long nowMs) {
        if (gateError) {
            window.add(RouteWindow.MODERN, nowMs);
            window.add(RouteWindow.MODERN_ERROR, nowMs);
        }
    }

    /** A shadow was compared; a mismatch also counts as one. */
    void compared(boolean match, long nowMs) {
        window.add(RouteWindow.COMPARISON, nowMs);
        if (!match) {
            window.add(RouteWindow.MISMATCH, nowMs);
        }
    }

    /** Legacy answered a request: counted for the window and for the shared legacy-call table. */
    void legacyServed(long nowMs) {
        pendingLegacyCalls.incrementAndGet();
        window.add(RouteWindow.LEGACY, nowMs);
    }

    /** @return the legacy calls not yet flushed, now reset to 0 */
    long takePendingLegacyCalls() {
        return pendingLegacyCalls.getAndSet(0);
    }

    /** Puts back calls {@link #takePendingLegacyCalls} took but could not flush. */
    void restorePendingLegacyCalls(long calls) {
        pendingLegacyCalls.addAndGet(calls);
    }

    /** A failed modern call was answered by legacy. */
    void fellBack() {
        fallbacks.increment();
    }

    /** @return fallbacks on this replica since start */
    long fallbacks() {
        return (long) fallbacks.count();
    }

    /** A shadow was dropped because the queue was full. */
    void dropped() {
        dropped.increment();
    }

    /** Keeps a mismatch, dropping the oldest beyond {@code maxDiffs} (none kept when it is 0). */
    synchronized void addDiff(ShadowDiff diff) {
        if (maxDiffs <= 0) {
            return;
        }
        while (diffs.size() >= maxDiffs) {
            diffs.removeFirst();
        }
        diffs.addLast(diff);
        diffsAdded++;
    }

    /** Mismatches not yet in the shared table, oldest first, and the mark to pass to {@link #diffsStored}. */
    record UnstoredDiffs(List<ShadowDiff> diffs, long mark) {
    }

    /** @return the kept mismatches not yet stored (at most {@code maxDiffs}; older ones were dropped) */
    synchronized UnstoredDiffs unstoredDiffs() {
        int n = (int) Math.min(diffs.size(), diffsAdded - diffsStored);
        List<ShadowDiff> all = new ArrayList<>(diffs);
        return new UnstoredDiffs(List.copyOf(all.subList(all.size() - n, all.size())), diffsAdded);
    }

    /** The diffs {@link #unstoredDiffs} returned with {@code mark} are in the shared table now. */
    synchronized void diffsStored(long mark) {
        diffsStored = Math.max(diffsStored, mark);
    }

    /** @return this replica's kept mismatches, newest first (the admin API lists the shared ones) */
    synchronized List<ShadowDiff> recentDiffs() {
        List<ShadowDiff> out = new ArrayList<>(diffs);
        Collections.reverse(out);
        return out;
    }

    /** @return the comparison rules in force: set through the admin API, else the routes file's */
    TrafficRoute.CompareRules compareRules() {
        return compare;
    }

    /**
     * Applies the route's compare row as read from the shared table.
     *
     * @param row        the row; its {@code rules} {@code null}: the routes file's rules
     * @param forgetNoise whether to forget the learned noise too (its noise epoch moved, or the first read)
     */
    void compare(RouteCompare row, boolean forgetNoise) {
        compare = row.rules() == null ? route.compare() : row.rules();
        if (forgetNoise) {
            learnedNoise.clear();
        }
    }

    /** @return whether {@code path} is new noise (then ignored by later comparisons) */
    boolean learnNoise(String path) {
        return learnedNoise.add(path);
    }

    /** @return the learned noise paths (a live view) */
    Set<String> learnedNoise() {
        return Collections.unmodifiableSet(learnedNoise);
    }
}
