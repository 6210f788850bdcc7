package dev.ficus.traffic;

import java.util.Locale;

/**
 * What a route's gates say about the calls of all replicas under one state version (a pure function of the window's
 * totals and the route's gates). A rate is judged only with at least {@code min-calls} calls behind it.
 *
 * @param errorsJudged      the window holds at least {@code min-calls} modern calls
 * @param mismatchJudged    the window holds at least {@code min-calls} comparisons
 * @param tooManyErrors     judged, and modern failures / modern calls exceed {@code max-modern-error-rate}
 * @param tooManyMismatches judged, and mismatches / comparisons exceed {@code max-mismatch-rate}
 * @param rates             both rates, their counts and thresholds, for a reason in the audit trail, e.g.
 *                          {@code modern error rate 0.100 (2/20, max 0.050), mismatch rate 0.000 (0/0, max 0.010)
 *                          over 60 s}
 */
record GateVerdict(boolean errorsJudged, boolean mismatchJudged, boolean tooManyErrors, boolean tooManyMismatches,
                   String rates) {

    /** @return the verdict of {@code gates} on the totals {@code t} */
    static GateVerdict of(RouteWindow.Totals t, TrafficRoute.Gates gates) {
        boolean errorsJudged = t.modernCalls() >= gates.minCalls();
        boolean mismatchJudged = t.comparisons() >= gates.minCalls();
        String rates = String.format(Locale.ROOT, "modern error rate %.3f (%d/%d, max %.3f), mismatch rate "
                + "%.3f (%d/%d, max %.3f) over %d s", t.modernErrorRate(), t.modernErrors(), t.modernCalls(),
                gates.maxModernErrorRate(), t.mismatchRate(), t.mismatches(), t.comparisons(),
                gates.maxMismatchRate(), gates.windowMs() / 1000);
        return new GateVerdict(errorsJudged, mismatchJudged,
                errorsJudged && t.modernErrorRate() > gates.maxModernErrorRate(),
                mismatchJudged && t.mismatchRate() > gates.maxMismatchRate(), rates);
    }

    /** @return whether a gate fails: the route must go back */
    boolean failing() {
        return tooManyErrors || tooManyMismatches;
    }

    /** @return whether the modern side has enough calls behind it and no gate fails: the route may go on */
    boolean healthy() {
        return errorsJudged && !failing();
    }
}
