package dev.ficus.playground.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ficus.platform.StartupCheckException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo modern catalog service: an HTTP server (the JDK's {@code com.sun.net.httpserver}) on its own port that
 * answers the modern product API from the {@link CatalogReadModel}, i.e. only from change events.
 *
 * <p>Endpoints, same paths and canonical JSON as the façade so traffic control can send a route's requests to
 * either side: {@code GET /api/v1/products?page&size&category&discontinued&name},
 * {@code GET /api/v1/products/{id}}, {@code GET /api/v1/products/{id}/inventory}. Unknown product: 404
 * {@code application/problem+json}; bad parameters: 400; any other path: 404; other methods: 405; a database
 * failure: 500 problem+json (no stack trace).
 *
 * <p>Until the read model is {@link CatalogReadModel#ready() ready} (holds the complete initial snapshot) every
 * product request is answered 503 problem+json with {@code Retry-After: 5} (seconds) naming the tables still
 * awaited, so no client (nor traffic control's comparison) ever sees a half-built catalog.
 * {@code GET /health/readiness} answers 200 {@code {"status":"UP"}} when ready, otherwise 503
 * {@code {"status":"CATCHING_UP","awaitingSnapshot":[...]}} (a readiness probe for the service's own port).
 */
public class CatalogService {

    private static final Logger log = LoggerFactory.getLogger(CatalogService.class);
    private static final Pattern ONE = Pattern.compile("/api/v1/products/([0-9]{1,9})(/inventory)?");
    /** Seconds a client is asked to wait while the read model catches up ({@code Retry-After}). */
    static final int RETRY_AFTER_S = 5;

    private final CatalogReadModel model;
    private final int requestedPort;
    private final String bindAddress;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param model the read model
     * @param port  TCP port, 0 = any free port
     * @param bindAddress address to listen on, e.g. {@code 127.0.0.1} (or {@code 0.0.0.0} in its own container)
     */
    public CatalogService(CatalogReadModel model, int port, String bindAddress) {
        this.model = model;
        this.requestedPort = port;
        this.bindAddress = bindAddress;
    }

    /**
     * Starts listening on the bind address.
     *
     * @throws StartupCheckException when the port is in use
     */
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, requestedPort), 100);
        } catch (BindException e) {
            throw new StartupCheckException("port " + requestedPort + " (catalog service) is already in use; set "
                    + "PLAYGROUND_CATALOG_PORT or PLAYGROUND_CATALOG_ENABLED=false", e);
        } catch (IOException e) {
            throw new StartupCheckException("catalog service cannot listen on port " + requestedPort + ": "
                    + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        log.info("Catalog service listening on port {}", port());
    }

    /** Stops listening, waiting at most 1 s for exchanges in progress. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(1);
            executor.shutdownNow();
            server = null;
        }
    }

    /** @return the port actually bound */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://localhost:<port>} */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                problem(exchange, 405, "Method Not Allowed", "only GET");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health/readiness")) {
                readiness(exchange);
                return;
            }
            List<String> awaiting = path.startsWith("/api/v1/products") ? model.awaitingSnapshot() : List.of();
            if (!awaiting.isEmpty()) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_S));
                problem(exchange, 503, "Service Unavailable", "the catalog has not received the complete initial "
                        + "snapshot of " + String.join(", ", awaiting) + " yet");
                return;
            }
            Matcher one = ONE.matcher(path);
            if (one.matches()) {
                int id = Integer.parseInt(one.group(1));
                Optional<ObjectNode> answer = one.group(2) == null ? model.product(id) : model.inventory(id);
                if (answer.isPresent()) {
                    json(exchange, 200, answer.get());
                } else {
                    problem(exchange, 404, "Not Found", "no product " + id + " in the catalog");
                }
            } else if (path.equals("/api/v1/products")) {
                list(exchange);
            } else {
                problem(exchange, 404, "Not Found", "no such resource");
            }
        } catch (RuntimeException e) {
            log.error("Catalog service failed on {}", exchange.getRequestURI(), e);
            problem(exchange, 500, "Internal Server Error", "the catalog cannot answer now");
        }
    }

    private void readiness(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<String> awaiting = model.awaitingSnapshot();
        body.put("status", awaiting.isEmpty() ? "UP" : CatalogHealthIndicator.CATCHING_UP.getCode());
        if (!awaiting.isEmpty()) {
            awaiting.forEach(body.putArray("awaitingSnapshot")::add);
        }
        json(exchange, awaiting.isEmpty() ? 200 : 503, body);
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
        try {
            int page = Integer.parseInt(q.getOrDefault("page", "0"));
            int size = Integer.parseInt(q.getOrDefault("size", "20"));
            if (page < 0 || size < 1 || size > 100) {
                throw new NumberFormatException("out of range");
            }
            Integer category = q.containsKey("category") ? Integer.valueOf(q.get("category")) : null;
            Boolean discontinued = q.containsKey("discontinued") ? Boolean.valueOf(q.get("discontinued")) : null;
            json(exchange, 200, model.products(page, size, category, discontinued, q.get("name")));
        } catch (NumberFormatException e) {
            problem(exchange, 400, "Bad Request", "page, size or category is not a valid number");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("type", "about:blank").put("title", title).put("status", status).put("detail", detail)
                .put("instance", exchange.getRequestURI().getPath());
        send(exchange, status, "application/problem+json", p.toString());
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", body.toString());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
