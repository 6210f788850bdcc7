package dev.ficus.facade;

/** Names of the headers and exchange properties the façade routes share. */
public final class FacadeHeaders {

    /** Header a façade route sets before {@code direct:facade-call-legacy}: the legacy path and query, e.g. {@code /retailcore/products/11}. */
    public static final String LEGACY_PATH = "FicusLegacyPath";

    /** Exchange property holding the client's request path, used as a problem's {@code instance}. */
    public static final String REQUEST_PATH_PROPERTY = "FicusRequestPath";

    /** Exchange property: the route's timeout for RetailCore's answer, in ms (default {@code legacy.http.response-timeout-ms}). */
    public static final String TIMEOUT_MS_PROPERTY = "FicusTimeoutMs";

    /** Exchange property: the request id of the exchange (see {@link RequestIds}). */
    public static final String REQUEST_ID_PROPERTY = "FicusRequestId";

    /** HTTP header carrying the request id, in and out. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** W3C Trace Context header (https://www.w3.org/TR/trace-context/). */
    public static final String TRACEPARENT = "traceparent";

    /** W3C Trace Context vendor header. */
    public static final String TRACESTATE = "tracestate";

    private FacadeHeaders() {
    }
}
