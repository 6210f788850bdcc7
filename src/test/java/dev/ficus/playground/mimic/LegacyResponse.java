package dev.ficus.playground.mimic;

/**
 * One answer of the mimic before WireMock sends it.
 *
 * @param status HTTP status code
 * @param body   the complete response body (XML text, UTF-8 on the wire)
 */
record LegacyResponse(int status, String body) {

    /** Root element of RetailCore's error body. */
    static final String ERROR = "ERROR";

    /** @return a 200 answer with {@code body} */
    static LegacyResponse ok(String body) {
        return new LegacyResponse(200, body);
    }

    /**
     * Builds RetailCore's error body {@code <ERROR><CODE/><MESSAGE/></ERROR>}.
     *
     * @param status  HTTP status (400, 404, 405 or 500)
     * @param code    {@code BAD_REQUEST}, {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED} or {@code DATABASE_ERROR}
     * @param message one line for a human
     * @return the answer
     */
    static LegacyResponse error(int status, String code, String message) {
        String body = new LegacyXml().open(ERROR).leaf("CODE", code).leaf("MESSAGE", message).close().toString();
        return new LegacyResponse(status, body);
    }
}
