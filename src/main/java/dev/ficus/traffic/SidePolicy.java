package dev.ficus.traffic;

/**
 * Which side answers, from a route's migration state (see {@link MigrationState}) and the sticky split
 * ({@link ConsistentSplit}); whether a failed modern call falls back to legacy; and whether such a failure counts
 * against the modern side's gates. Pure functions: no Camel, no I/O.
 */
final class SidePolicy {

    /**
     * @param side   who answers the client
     * @param shadow whether legacy's answer is also compared with the modern side's (asynchronously)
     */
    record Choice(Side side, boolean shadow) {
    }

    private SidePolicy() {
    }

    /**
     * LEGACY: legacy. SHADOW: legacy, shadowed when the request is idempotent or the route declares the modern side
     * safe for writes. CANARY(p): modern when the key falls in the modern p % (random by weight without a key),
     * else legacy, shadowed only when the route also shadows in canary. MODERN, RETIRED: modern. A forced side (a
     * trusted caller's {@code X-Ficus-Route-To}) wins and is never shadowed.
     *
     * @param state   the route's current state
     * @param route   the route's declaration
     * @param request the request (its key and idempotency)
     * @param forced  the side a trusted caller forces, or {@code null}
     * @return the side and whether to shadow
     */
    static Choice choose(RouteState state, TrafficRoute route, TrafficRequest request, Side forced) {
        if (forced != null) {
            return new Choice(forced, false);
        }
        boolean shadowable = request.idempotent() || route.modernSafeForWrites();
        return switch (state.state()) {
            case LEGACY -> new Choice(Side.LEGACY, false);
            case SHADOW -> new Choice(Side.LEGACY, shadowable);
            case CANARY -> ConsistentSplit.modern(request.key(), state.percent())
                    ? new Choice(Side.MODERN, false)
                    : new Choice(Side.LEGACY, shadowable && route.shadowInCanary());
            case MODERN, RETIRED -> new Choice(Side.MODERN, false);
        };
    }

    /**
     * For a write made from a message rather than a request: LEGACY and SHADOW keep it on legacy (a write cannot
     * be shadowed); CANARY(p) moves the keys in the modern p % (the same split as requests); MODERN and RETIRED
     * leave it to the modern side.
     *
     * @param state the route's current state
     * @param key   the business key, or {@code null} to split by weight alone
     * @return {@code true} when the write goes to legacy
     */
    static boolean legacyOwns(RouteState state, String key) {
        return switch (state.state()) {
            case LEGACY, SHADOW -> true;
            case CANARY -> !ConsistentSplit.modern(key, state.percent());
            case MODERN, RETIRED -> false;
        };
    }

    /**
     * A failed modern call falls back to legacy when the request is idempotent, the side was not forced by a
     * trusted caller, and the route is not RETIRED (legacy is off then).
     *
     * @param state      the route's state when the request was dispatched
     * @param idempotent whether the request's method is idempotent
     * @param forced     whether a trusted caller forced the modern side
     * @return whether legacy answers instead
     */
    static boolean fallsBack(MigrationState state, boolean idempotent, boolean forced) {
        return idempotent && !forced && state != MigrationState.RETIRED;
    }

    /**
     * A modern failure counts as a modern error for the gates unless it is "unavailable for now" (503 with
     * {@code Retry-After}) while legacy answers instead; a client that gets that 503 itself sees an error like any
     * other, so a modern side that never becomes available is rolled back.
     *
     * @param unavailable whether the failure is {@link ModernClient.ModernFailure#unavailable()}
     * @param answeredByLegacy whether legacy answers instead (a fallback, or a shadow the client never sees)
     * @return whether the failure counts against the gates
     */
    static boolean gateError(boolean unavailable, boolean answeredByLegacy) {
        return !unavailable || !answeredByLegacy;
    }
}
