package dev.ficus.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.FicusHeaders;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Takes the {@link TrafficRequest} snapshot of a façade exchange, including the sticky business key the CANARY
 * split uses. The key extraction itself ({@link #businessKey}) needs no Camel.
 */
final class RequestSnapshots {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final ObjectMapper json;

    /** @param json the application's {@code ObjectMapper}, to read a JSON request body for a {@code json} key */
    RequestSnapshots(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param exchange the façade exchange: headers {@code CamelHttpMethod} (default GET), {@code CamelHttpRawQuery}
     *                 or {@code CamelHttpQuery}, {@code X-Request-Id}, {@code traceparent}, {@code tracestate},
     *                 {@code Content-Type}, path parameters; property {@code FicusRequestPath} (else header
     *                 {@code CamelHttpPath}); body: the request body, read as {@code String} for writes and PUT
     * @param route    the route's declaration (where its business key is)
     * @return the snapshot
     */
    TrafficRequest snapshot(Exchange exchange, TrafficRoute route) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        String path = exchange.getProperty(FicusHeaders.REQUEST_PATH_PROPERTY, String.class);
        if (path == null) {
            path = in.getHeader(Exchange.HTTP_PATH, String.class);
        }
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query == null) {
            query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        String requestId = in.getHeader(FicusHeaders.REQUEST_ID, String.class);
        String body = IDEMPOTENT.contains(method) && !"PUT".equals(method) ? null : in.getBody(String.class);
        Map<String, String> forward = forwardHeaders(in, requestId, body);
        String key = businessKey(route.businessKey(), name -> in.getHeader(name, String.class), query, body);
        return new TrafficRequest(requestId, method, path, query, forward, body, key, IDEMPOTENT.contains(method));
    }

    private static Map<String, String> forwardHeaders(Message in, String requestId, String body) {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("Accept", "application/json");
        if (requestId != null) {
            forward.put(FicusHeaders.REQUEST_ID, requestId);
        }
        String traceparent = in.getHeader(FicusHeaders.TRACEPARENT, String.class);
        if (traceparent != null) {
            forward.put(FicusHeaders.TRACEPARENT, traceparent);
        }
        String tracestate = in.getHeader(FicusHeaders.TRACESTATE, String.class);
        if (tracestate != null) {
            forward.put(FicusHeaders.TRACESTATE, tracestate);
        }
        if (body != null) {
            forward.put("Content-Type", in.getHeader(Exchange.CONTENT_TYPE, "application/json", String.class));
        }
        return forward;
    }

    /**
     * @param key    where the route's key is, or {@code null}
     * @param header looks up a header or REST DSL path parameter by name ({@code null} when absent)
     * @param query  the raw query string, or {@code null}
     * @param body   the request body text, or {@code null}
     * @return the key: a header or path parameter value, a URL-decoded query parameter ({@code ""} when present
     *         without {@code =}), or the scalar at a JSON Pointer (RFC 6901) into the body as text; {@code null}
     *         when the route declares no key or the request does not carry it (objects, arrays and JSON null
     *         count as absent)
     */
    String businessKey(TrafficRoute.BusinessKey key, UnaryOperator<String> header, String query, String body) {
        if (key == null || key.source() == null || key.name() == null) {
            return null;
        }
        return switch (key.source()) {
            case HEADER, PATH -> header.apply(key.name());
            case QUERY -> queryParam(query, key.name());
            case JSON -> {
                JsonNode node = JsonComparator.read(json, body).at(key.name());
                yield node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
            }
        };
    }

    /**
     * @param query a raw query string ({@code a=1&b=x%20y}), or {@code null}
     * @param name  the parameter's decoded name
     * @return the first value, URL-decoded (UTF-8); {@code ""} for a parameter without {@code =}; {@code null}
     *         when absent
     */
    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
