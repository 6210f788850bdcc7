package dev.ficus.traffic;

/**
 * Counts of one route over a sliding window of whole seconds (one bucket per second), for the gates. Reset when
 * the route's state changes so a new state is judged on its own calls. Thread-safe.
 */
final class RouteWindow {

    /** Totals over the window. */
    record Totals(long modernCalls, long modernErrors, long comparisons, long mismatches, long legacyCalls) {
        double modernErrorRate() {
            return modernCalls == 0 ? 0 : (double) modernErrors / modernCalls;
        }

        double mismatchRate() {
            return comparisons == 0 ? 0 : (double) mismatches / comparisons;
        }
    }

    static final int MODERN = 0;
    static final int MODERN_ERROR = 1;
    static final int COMPARISON = 2;
    static final int MISMATCH = 3;
    static final int LEGACY = 4;

    private final int seconds;
    private final long[] second;
    private final long[][] counts;

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
            java.util.Arrays.fill(counts[i], 0);
        }
        counts[i][kind]++;
    }

    synchronized Totals totals(long nowMs) {
        long s = nowMs / 1000;
        long[] sum = new long[5];
        for (int i = 0; i < seconds; i++) {
            if (second[i] > s - seconds) {
                for (int k = 0; k < 5; k++) {
                    sum[k] += counts[i][k];
                }
            }
        }
        return new Totals(sum[0], sum[1], sum[2], sum[3], sum[4]);
    }

    synchronized void reset() {
        java.util.Arrays.fill(second, 0);
        for (long[] c : counts) {
            java.util.Arrays.fill(c, 0);
        }
    }
}
