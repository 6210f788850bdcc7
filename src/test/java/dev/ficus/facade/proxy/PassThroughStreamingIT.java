package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ficus.testsupport.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bodies stream through the proxy without being held in memory: the proxy runs in a child JVM with
 * {@code -Xmx256m} (and exits on OutOfMemoryError) while two 100 MB uploads and two 100 MB downloads go through it
 * at the same time, 400 MB in flight. Bodies are generated, never stored; SHA-256 digests prove every byte arrived.
 */
class PassThroughStreamingIT {

    static final long SIZE = 100L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(PassThroughStreamingIT.class);

    @Test
    void shouldStream100MegabytesEachWayConcurrentlyThroughAProxyWith256MegabytesOfHeap() throws Exception {
        HttpServer backend = startBackend();
        int proxyPort = FreePorts.next();
        Path logs = Files.createTempDirectory("ficus-proxy-child");
        Process proxy = startProxy(proxyPort, backend.getAddress().getPort(), logs);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(proxy.isAlive()).as("proxy child JVM died: %s", Files.readString(logs.resolve("out.txt")))
                        .isTrue();
                return accepts(proxyPort);
            });
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + proxyPort + "/big";
            long started = System.nanoTime();

            List<CompletableFuture<String>> transfers = List.of(
                    upload(http, base, 1, true), upload(http, base, 2, false),
                    download(http, base, 3, true), download(http, base, 4, false));
            CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);

            log.info("400 MB through the proxy (-Xmx256m) in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(transfers.get(0).get()).isEqualTo(sha256(1));
            assertThat(transfers.get(1).get()).isEqualTo(sha256(2));
            assertThat(transfers.get(2).get()).isEqualTo(sha256(3));
            assertThat(transfers.get(3).get()).isEqualTo(sha256(4));
            assertThat(proxy.isAlive()).as("the proxy survived: %s", Files.readString(logs.resolve("out.txt")))
                    .isTrue();
        } finally {
            proxy.destroy();
            if (!proxy.waitFor(20, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
            backend.stop(0);
        }
    }

    /** Uploads a generated body; the backend answers "sha256 length" of what it received. */
    private static CompletableFuture<String> upload(HttpClient http, String base, long seed, boolean knownLength) {
        HttpRequest.BodyPublisher stream = BodyPublishers.ofInputStream(() -> new Generated(seed, SIZE));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/upload"))
                .POST(knownLength ? BodyPublishers.fromPublisher(stream, SIZE) : stream).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        });
    }

    /** Downloads a generated body and answers "sha256 length" of what arrived. */
    private static CompletableFuture<String> download(HttpClient http, String base, long seed, boolean knownLength) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(base + "/download?seed=" + seed + "&fixed=" + knownLength)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Length").isPresent()).isEqualTo(knownLength);
            try (InputStream body = response.body()) {
                return digestOf(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static HttpServer startBackend() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/upload", exchange -> {
            String digest;
            try (InputStream body = exchange.getRequestBody()) {
                digest = digestOf(body);
            }
            reply(exchange, digest);
        });
        server.createContext("/download", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long seed = Long.parseLong(query.replaceAll(".*seed=(\\d+).*", "$1"));
            boolean fixed = query.contains("fixed=true");
            exchange.sendResponseHeaders(200, fixed ? SIZE : 0);
            try (InputStream body = new Generated(seed, SIZE); OutputStream out = exchange.getResponseBody()) {
                body.transferTo(out);
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Process startProxy(int port, int backendPort, Path logs) throws IOException {
        String route = "--facade.passthrough.routes[0].";
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                PassThroughTestApp.class.getName(),
                "--server.port=" + port,
                route + "id=big",
                route + "path-prefix=/big",
                route + "target=http://127.0.0.1:" + backendPort,
                route + "response-timeout-ms=60000");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("out.txt").toFile()).start();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(long seed) throws IOException {
        try (InputStream in = new Generated(seed, SIZE)) {
            return digestOf(in);
        }
    }

    /** @return "hex-sha256 length" of everything the stream yields */
    static String digestOf(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long length = new DigestInputStream(in, sha).transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(sha.digest()) + " " + length;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic pseudo-random stream of {@code size} bytes (xorshift64*), generated as it is read. */
    static final class Generated extends InputStream {

        private long state;
        private long position;
        private final long size;

        Generated(long seed, long size) {
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++, position++) {
                if ((position & 7) == 0) {
                    state ^= state >>> 12;
                    state ^= state << 25;
                    state ^= state >>> 27;
                }
                b[off + i] = (byte) ((state * 0x2545F4914F6CDD1DL) >>> ((position & 7) << 3));
            }
            return n;
        }
    }
}
