package dev.ficus.console;

/**
 * One route of the migration ledger, every value written for display ({@link Formats}).
 *
 * @param routeId       the route id
 * @param state         LEGACY, SHADOW, CANARY, MODERN or RETIRED
 * @param label         e.g. {@code CANARY(25%)}
 * @param modernPercent share of business keys the modern side answers, 0..100
 * @param legacy        traffic answered by legacy on this replica over the console's rate window
 * @param modern        traffic answered by the modern side
 * @param fallbacks     modern failures answered by legacy on this replica since start
 * @param mismatch      shadow mismatch rate over the gate window with its counts, e.g. {@code 2.0 % (1 of 50)}
 * @param modernErrors  modern error rate over the gate window with its counts
 * @param circuit       the modern side's circuit breaker: CLOSED, OPEN, HALF_OPEN
 * @param legacyCalls   legacy calls of all replicas in the retirement window
 * @param verdict       whether legacy may be retired, and why
 * @param lastChange    the newest audit entry, or null when the route has none
 */
record LedgerRow(String routeId, String state, String label, int modernPercent, Side legacy, Side modern,
                 long fallbacks, String mismatch, String modernErrors, String circuit, long legacyCalls,
                 RetirementVerdict verdict, Change lastChange) {

    /**
     * @param rate    e.g. {@code 12/s}
     * @param latency mean time per request, e.g. {@code 4.2 ms}
     */
    record Side(String rate, String latency) {
    }

    /**
     * One audit entry of {@code GET /admin/traffic/routes/{id}/audit}.
     *
     * @param at     when
     * @param by     the principal, or {@code ficus-gates}
     * @param kind   INITIAL, MANUAL, ROLLBACK, ADVANCE
     * @param from   the state before, e.g. {@code SHADOW}
     * @param to     the state after, e.g. {@code CANARY(25%)}
     * @param reason why
     */
    record Change(String at, String by, String kind, String from, String to, String reason) {
    }
}
