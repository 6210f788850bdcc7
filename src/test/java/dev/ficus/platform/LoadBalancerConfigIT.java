package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's load balancer, deploy/lb/haproxy.cfg, run for real by the machine's HAProxy ({@code .ci/run}
 * installs it) in front of two stub replicas on 127.0.0.1 that answer like Ficus would: the file passes
 * {@code haproxy -c}, and with only the addresses rewritten (replica host names to the stubs, the listening ports to
 * free ones) it takes a replica whose readiness probe fails out of the rotation, replays a GET that a replica
 * dropped or answered 503 on the other replica, and never replays a POST or a 502.
 */
class LoadBalancerConfigIT {

    private static final Path CONFIG = Path.of("deploy/lb/haproxy.cfg");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Replica one;
    private Replica two;
    private Process haproxy;
    private int port;

    @Test
    void shouldPassHaproxysOwnCheck() throws Exception {
        Result check = run("haproxy", "-c", "-f", CONFIG.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("Configuration file is valid");
        // the compose host names do not resolve here; any other warning is a real one
        assertThat(check.output().lines().filter(l -> l.contains("[WARNING]")))
                .allSatisfy(l -> assertThat(l).contains("could not resolve address 'ficus-"));
    }

    @BeforeEach
    void startReplicasAndHaproxy() throws Exception {
        one = new Replica("one");
        two = new Replica("two");
        port = freePort();
        String config = Files.readString(CONFIG)
                .replace("ficus-1:8080", "127.0.0.1:" + one.port())
                .replace("ficus-2:8080", "127.0.0.1:" + two.port())
                .replace("bind :8080", "bind 127.0.0.1:" + port)
                .replace("bind :8404", "bind 127.0.0.1:" + freePort());
        assertThat(config).doesNotContain("ficus-1:", "ficus-2:", "bind :");
        Path file = Files.createTempFile("haproxy", ".cfg");
        Files.writeString(file, config);
        haproxy = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("haproxy", ".log").toFile()).start();
        // haproxy listens a moment after it starts: connection refused until then
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(java.net.ConnectException.class)
                .until(() -> statusOf("GET", "/api/v1/products/11") == 200);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        one.stop();
        two.stop();
    }

    @Test
    void shouldSendNothingToAReplicaThatIsNotReady() throws Exception {
        one.ready = false;

        // 2 failed checks, 2 s apart
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> servedBy(20).equals(Map.of("two", 20)));
        one.ready = true;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> servedBy(20).containsKey("one"));
    }

    @Test
    void shouldReplayASafeRequestThatAReplicaDroppedOnTheOther() throws Exception {
        one.mode = Mode.DROP;

        for (int i = 0; i < 10; i++) {
            assertThat(statusOf("GET", "/api/v1/products/11")).isEqualTo(200);
        }
        assertThat(one.count("GET")).as("GETs that reached the dropping replica").isPositive();
        assertThat(two.count("GET")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void shouldReplayASafeRequestAnsweredWith503ButNotA502() throws Exception {
        one.mode = Mode.ANSWER_503;
        for (int i = 0; i < 10; i++) {
            assertThat(statusOf("GET", "/api/v1/products/11")).isEqualTo(200);
        }

        one.mode = Mode.ANSWER_502;
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(statusOf("GET", "/api/v1/products/11"));
        }
        assertThat(statuses).contains(502, 200);
    }

    @Test
    void shouldNeverReplayAPost() throws Exception {
        one.mode = Mode.DROP;
        int failed = 0;

        for (int i = 0; i < 10; i++) {
            int status;
            try {
                status = statusOf("POST", "/api/v1/orders");
            } catch (IOException closed) {
                // HAProxy closes a kept-alive client connection without an answer rather than 502 (the client
                // decides whether to send again); either way the POST was not replayed on the other replica
                status = 0;
            }
            assertThat(status).isIn(200, 502, 0);
            failed += status == 200 ? 0 : 1;
        }
        assertThat(one.count("POST")).as("POSTs the dropping replica took").isPositive().isEqualTo(failed);
        assertThat(two.count("POST")).isEqualTo(10 - failed);
    }

    private Map<String, Integer> servedBy(int requests) throws Exception {
        Map<String, Integer> replicas = new ConcurrentHashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = send("GET", "/api/v1/products/11");
            replicas.merge(response.body(), 1, Integer::sum);
        }
        return replicas;
    }

    private int statusOf(String method, String path) throws Exception {
        return send(method, path).statusCode();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Result run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (.ci/run installs it: apt-get install "
                    + command[0] + ")", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    private enum Mode { ANSWER, DROP, ANSWER_503, ANSWER_502 }

    /** A stand-in replica: readiness as set, every other request answered per {@link #mode} and counted. */
    private static final class Replica {
        private final String name;
        private final HttpServer server;
        private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        volatile boolean ready = true;
        volatile Mode mode = Mode.ANSWER;

        Replica(String name) throws IOException {
            this.name = name;
            server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int count(String method) {
            return requests.getOrDefault(method, new AtomicInteger()).get();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/actuator/health/readiness")) {
                answer(exchange, ready ? 200 : 503, ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}");
                return;
            }
            requests.computeIfAbsent(exchange.getRequestMethod(), m -> new AtomicInteger()).incrementAndGet();
            switch (mode) {
                case DROP -> exchange.close(); // the connection closes with no answer: a replica dying mid-request
                case ANSWER_503 -> answer(exchange, 503, "");
                case ANSWER_502 -> answer(exchange, 502, "RetailCore failed");
                default -> answer(exchange, 200, name);
            }
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }
    }
}
