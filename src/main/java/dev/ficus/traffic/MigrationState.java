package dev.ficus.traffic;

/**
 * Where a route stands in its move from the legacy monolith to a modern service, in order.
 *
 * <ul>
 *   <li>{@link #LEGACY}: legacy answers every request; the modern side is never called;</li>
 *   <li>{@link #SHADOW}: legacy answers; idempotent requests (and others if the route declares the modern side
 *       safe for writes) are also sent to the modern side asynchronously and the answers compared;</li>
 *   <li>{@link #CANARY}: {@code percent} % of business keys are answered by the modern side (sticky), the rest by
 *       legacy; a failed idempotent modern call falls back to legacy;</li>
 *   <li>{@link #MODERN}: the modern side answers everything, legacy only as fallback;</li>
 *   <li>{@link #RETIRED}: the modern side answers everything and legacy is never called, not even as fallback.</li>
 * </ul>
 */
public enum MigrationState {
    LEGACY, SHADOW, CANARY, MODERN, RETIRED
}
