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
 * One declared route's runtime state on this replica: the gate window (what the gates judge), the recent shadow
 * mismatches, the learned legacy noise, and the legacy calls not yet added to the shared table. Thread-safe.
 */
final class RouteRuntime {

    final String routeId;
    final TrafficRoute route;
    private final RouteWindow window;
    private final int maxDiffs;
    private final ArrayDeque<ShadowDiff> diffs = new ArrayDeque<>();
    private final Set<String> learnedNoise = ConcurrentHashMap.newKeySet();
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

    /** Forgets the window (the route's state changed: a new state is judged on its own calls). */
    void resetWindow() {
        window.reset();
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
    }

    /** @return the kept mismatches, newest first */
    synchronized List<ShadowDiff> recentDiffs() {
        List<ShadowDiff> out = new ArrayList<>(diffs);
        Collections.reverse(out);
        return out;
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
