package dev.ficus.traffic;

/**
 * The {@code reason} of a change through the traffic admin API (route state, rollout, compare rules, learned noise):
 * kept in the route's audit trail and shown by the console's ledger, so bounded to {@value #MAX_CHARS} characters
 * after stripping.
 */
final class TrafficReasons {

    /** Longest reason kept, characters (after stripping). */
    static final int MAX_CHARS = 1000;

    private TrafficReasons() {
    }

    /**
     * @param reason as sent
     * @param title  the endpoint's problem title, e.g. {@code "Invalid change"}
     * @return the reason, stripped
     * @throws TrafficException 400 {@code title} when it is absent or blank, or longer than {@value #MAX_CHARS}
     */
    static String required(String reason, String title) {
        if (reason == null || reason.isBlank()) {
            throw new TrafficException(400, title, "reason is required");
        }
        return bounded(reason, title);
    }

    /**
     * @param reason as sent, not {@code null}
     * @param title  the endpoint's problem title
     * @return the reason, stripped
     * @throws TrafficException 400 {@code title} when it is longer than {@value #MAX_CHARS} characters
     */
    static String bounded(String reason, String title) {
        String stripped = reason.strip();
        if (stripped.length() > MAX_CHARS) {
            throw new TrafficException(400, title, "reason has " + stripped.length() + " characters, at most "
                    + MAX_CHARS);
        }
        return stripped;
    }
}
