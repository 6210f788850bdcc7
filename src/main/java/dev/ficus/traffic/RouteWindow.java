package dev.ficus.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * This replica's counts of one route over a sliding window of whole seconds (one bucket per second), tagged with
 * the route state version they were counted under. Reset when the route's state changes so a new state is judged
 * on its own calls; the gates judge the sum of every replica's buckets ({@link SharedWindows}). Thread-safe.
 */
final class RouteWindow {

    /** Totals over the window (or one bucket). */
    record Totals(long modernCalls, long modernErrors, long comparisons, long mismatches, long legacyCalls) {
        double modernErrorRate() {
            return modernCalls == 0 ? 0 : (double) modernErrors / modernCalls;
        }

        double mismatchRate() {
            return comparisons == 0 ? 0 : (double) mismatches / comparisons;
        }
    }

    /** One non-empty second: {@code second} is Unix time, s. */
    record Bucket(long second, Totals counts) {
    }

    /** The non-empty buckets of the window, oldest first, counted under state {@code version}. */
    record Snapshot(long version, List<Bucket> buckets) {
    }

    static final int MODERN = 0;
    static final int MODERN_ERROR = 1;
    static final int COMPARISON = 2;
    static final int MISMATCH = 3;
    static final int LEGACY = 4;

    private final int seconds;
    private final long[] second;
    private final long[][] counts;
    private long version;

    RouteWindow(long windowMs) {
        this.seconds = (int) Math.max(1, windowMs / 1000);
        this.second = new long[seconds];
        this.counts = new long[seconds][5];
    }

    synchronized void add(int kind, long nowMs) {
        long s = nowMs / 1000;
        int i = (int) (s % seconds);
        if (second[i] != s) {
            second[i] = s;
            Arrays.fill(counts[i], 0);
        }
        counts[i][kind]++;
    }

    synchronized Totals totals(long nowMs) {
        long[] sum = new long[5];
        for (int i = 0; i < seconds; i++) {
            if (inWindow(i, nowMs)) {
                for (int k = 0; k < 5; k++) {
                    sum[k] += counts[i][k];
                }
            }
        }
        return totals(sum);
    }

    /** @return the state version and the window's non-empty buckets at {@code nowMs}, oldest first */
    synchronized Snapshot snapshot(long nowMs) {
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            if (inWindow(i, nowMs) && Arrays.stream(counts[i]).anyMatch(c -> c > 0)) {
                buckets.add(new Bucket(second[i], totals(counts[i])));
            }
        }
        buckets.sort((a, b) -> Long.compare(a.second(), b.second()));
        return new Snapshot(version, buckets);
    }

    synchronized void reset() {
        Arrays.fill(second, 0);
        for (long[] c : counts) {
            Arrays.fill(c, 0);
        }
    }

    /** Counts from now on belong to state {@code version}; {@code forget} also empties the window. */
    synchronized void countFor(long version, boolean forget) {
        this.version = version;
        if (forget) {
            reset();
        }
    }

    private boolean inWindow(int i, long nowMs) {
        return second[i] > nowMs / 1000 - seconds;
    }

    private static Totals totals(long[] c) {
        return new Totals(c[0], c[1], c[2], c[3], c[4]);
    }
}
