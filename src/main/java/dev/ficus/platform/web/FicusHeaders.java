package dev.ficus.platform.web;

/**
 * Names of the HTTP headers and Camel exchange properties that carry a request's identity across Ficus: the
 * façade routes, traffic control, the pass-through proxy, the admin API and the problem answers all use these.
 * Façade-internal route headers live in {@code dev.ficus.facade.FacadeHeaders}; the JMS headers of POS ingest and
 * CDC live with them.
 */
public final class FicusHeaders {

    /**
     * HTTP header carrying the request id, in and out: a client's safe value is kept, otherwise Ficus makes one
     * (see {@link RequestIds}); every answer carries it.
     */
    public static final String REQUEST_ID = "X-Request-Id";

    /** W3C Trace Context header (https://www.w3.org/TR/trace-context/), version {@code 00}. */
    public static final String TRACEPARENT = "traceparent";

    /** W3C Trace Context vendor header (https://www.w3.org/TR/trace-context/), passed on as received. */
    public static final String TRACESTATE = "tracestate";

    /** Camel exchange property: the request id of the exchange ({@code String}), the {@value #REQUEST_ID} value. */
    public static final String REQUEST_ID_PROPERTY = "FicusRequestId";

    /**
     * Camel exchange property: the client's request path ({@code String}, e.g. {@code /api/v1/products/7}), used as
     * a problem's {@code instance} (RFC 9457).
     */
    public static final String REQUEST_PATH_PROPERTY = "FicusRequestPath";

    private FicusHeaders() {
    }
}
