package dev.ficus.traffic;

import java.util.Map;

/**
 * A snapshot of one façade request, enough to send it again to either side (the modern service, or legacy once
 * more through the façade for noise learning). Taken by {@link RequestSnapshots}.
 *
 * @param requestId      the exchange's {@code X-Request-Id}, or {@code null}
 * @param method         HTTP method, upper case
 * @param path           the client's request path without query, e.g. {@code /api/v1/products/11}
 * @param query          the raw query string without {@code ?}, or {@code null}
 * @param forwardHeaders headers to send along, in order ({@code Accept}, {@code X-Request-Id}, {@code traceparent}
 *                       and {@code tracestate} as the request carries them (its server span's; the modern call
 *                       replaces them with its own span's), {@code Content-Type} when there is a body)
 * @param body           the request body text for non-idempotent requests and PUT, else {@code null}
 * @param key            the sticky business key (see {@link TrafficRoute.BusinessKey}), or {@code null}
 * @param idempotent     whether the method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS): only those fall back
 */
record TrafficRequest(String requestId, String method, String path, String query, Map<String, String> forwardHeaders,
                      String body, String key, boolean idempotent) {

    /** @return the path and, when there is one, {@code ?} and the raw query */
    String uri() {
        return path + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
