package dev.ficus.console;

/**
 * Whether a route's legacy side may be switched off (state RETIRED), and the evidence, decided from the admin API's
 * view of the route and its legacy call count ({@code GET /admin/traffic/routes/{id}/legacy-calls}): safe only when
 * the modern side serves every request (MODERN) and no replica called legacy for it in the whole window (fallbacks
 * included, as they call legacy).
 *
 * @param safe     whether retiring is safe now
 * @param label    {@code safe to retire}, {@code not yet} or {@code retired}
 * @param evidence one sentence with the numbers it rests on
 */
record RetirementVerdict(boolean safe, String label, String evidence) {

    /**
     * @param state       the route's state, e.g. {@code MODERN}
     * @param legacyCalls legacy calls of all replicas in the window
     * @param since       start of the window (ISO-8601, rounded down to the minute)
     * @param windowMs    the window, ms
     * @param fallbacks   this replica's fallbacks to legacy since start
     * @return the verdict
     */
    static RetirementVerdict of(String state, long legacyCalls, String since, long windowMs, long fallbacks) {
        String window = "in the last " + Formats.duration(windowMs) + " (since " + Formats.instant(since) + ")";
        if ("RETIRED".equals(state)) {
            return new RetirementVerdict(false, "retired", "legacy is no longer called; " + legacyCalls
                    + " legacy calls " + window);
        }
        if (legacyCalls > 0) {
            return new RetirementVerdict(false, "not yet", legacyCalls + " legacy call" + (legacyCalls == 1 ? "" : "s")
                    + " " + window + (fallbacks > 0 ? "; " + fallbacks + " fallbacks on this replica" : ""));
        }
        if (!"MODERN".equals(state)) {
            return new RetirementVerdict(false, "not yet", "no legacy calls " + window + ", but the route is " + state
                    + ": the modern side does not answer every request yet");
        }
        return new RetirementVerdict(true, "safe to retire", "MODERN and no legacy calls " + window);
    }
}
