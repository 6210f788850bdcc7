package dev.ficus.facade;

/**
 * Names of the headers and exchange properties internal to the façade's routes (set by one route step, read by
 * {@link LegacyCallRoutes}). The request id, trace context and request path, which cross module boundaries, are
 * in {@link dev.ficus.platform.web.FicusHeaders}.
 */
public final class FacadeHeaders {

    /**
     * Header a façade route sets before {@code direct:facade-call-legacy}: the legacy path and query, e.g.
     * {@code /retailcore/products/11}.
     */
    public static final String LEGACY_PATH = "FicusLegacyPath";

    /**
     * Exchange property: the route's timeout for RetailCore's answer, in ms (default
     * {@code legacy.http.response-timeout-ms}).
     */
    public static final String TIMEOUT_MS_PROPERTY = "FicusTimeoutMs";

    private FacadeHeaders() {
    }
}
