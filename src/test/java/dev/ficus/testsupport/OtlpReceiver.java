package dev.ficus.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on loopback, as a collector would be: {@code POST /v1/traces} with an
 * {@code application/x-protobuf} body (OTLP 1.x, {@code ExportTraceServiceRequest}, gzip or not) is decoded with
 * the opentelemetry-proto classes and answered 200 with an empty {@code ExportTraceServiceResponse}; anything else
 * is answered 404 or 415. What arrived is kept as {@link ReceivedSpan}s.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** One span as exported: ids in lower-case hex ({@code ""} for no parent), kind as OTLP names it. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind,
                               String service, Map<String, String> attributes) {

        /** @return the attribute's value as text, if the span has it */
        public Optional<String> attribute(String key) {
            return Optional.ofNullable(attributes.get(key));
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /**
     * @return a receiver listening on 127.0.0.1 on a free port
     * @throws UncheckedIOException when no port can be bound
     */
    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the OTLP/HTTP traces endpoint, {@code http://127.0.0.1:<port>/v1/traces} */
    public String tracesUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** @return every span received so far, in arrival order */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** @return the spans of one trace received so far */
    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** @return the {@code Content-Type} of every export request so far */
    public List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !"/v1/traces".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            contentTypes.add(String.valueOf(contentType));
            if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            collect(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private void collect(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = text(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    spans.add(new ReceivedSpan(hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                            hex(span.getParentSpanId().toByteArray()), span.getName(),
                            span.getKind().name().replace("SPAN_KIND_", ""), service, text(span.getAttributesList())));
                }
            }
        }
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        Map<String, String> map = new HashMap<>();
        for (KeyValue kv : attributes) {
            var v = kv.getValue();
            map.put(kv.getKey(), switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString().strip();
            });
        }
        return map;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
