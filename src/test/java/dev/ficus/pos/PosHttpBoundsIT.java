package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The POS HTTP channel bounds its request body while it streams: Ficus runs as a child JVM with a 256 MB heap
 * ({@code -Xmx256m}) and is sent 400 MB bodies (declared by {@code Content-Length}, chunked, and gzip that inflates
 * to 400 MB); each is answered 413 {@code application/problem+json} and Ficus stays up and keeps ingesting. A body
 * just under {@code pos.max-document-bytes} (10 MiB, the default) is still ingested.
 */
class PosHttpBoundsIT {

    static final long LIMIT = 10L * 1024 * 1024;
    static final long HUGE = 6104L * 64 * 1024;   // 400 MB in whole 64 KiB chunks
    static final int HTTP_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-pos-bounds");
    static final String PATH = "/api/v1/pos/transactions";
    static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><POSLog xmlns=\""
            + PosLogParser.NS_IXRETAIL + "\">";
    static FicusProcess ficus;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        FicusTestOptions options = FicusTestOptions.create().httpPort(HTTP_PORT).artemisPort(FreePorts.next())
                .dataDir(DATA_DIR).legacyDatabase(TestPostgres.newNorthwindDatabase("posbounds"))
                .withoutLegacyHttp().withoutCdc().posDropOff().set("pos.posting.enabled", false);
        ficus = FicusProcess.start(options, DATA_DIR, "-Xmx256m");
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            assertThat(ficus.isAlive()).as("Ficus runs; log:\n%s", ficus.output()).isTrue();
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("ready within 180 s; log:\n%s", ficus.output()).isLessThan(deadline);
            new java.util.concurrent.CountDownLatch(1).await(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (ficus != null) {
            ficus.close();
        }
    }

    @Test
    void shouldRefuseADeclaredContentLengthAboveTheLimitBeforeReadingAnyOfTheBody() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers("Content-Length: " + HUGE));
            out.flush();
            // not one byte of the body is sent: the answer can only come from the header

            Answer answer = Answer.read(socket.getInputStream());

            assertProblem413(answer, "Content-Length " + HUGE);
        }
        assertStillIngests();
    }

    @Test
    void shouldRefuseA400MbBodyWithContentLengthSentWhileTheAnswerIsAwaited() throws Exception {
        assertProblem413(sendStreaming("Content-Length: " + (HEAD.length() + HUGE), false),
                "Content-Length " + (HEAD.length() + HUGE));
        assertStillIngests();
    }

    @Test
    void shouldRefuseA400MbChunkedBodyWhileItStreams() throws Exception {
        assertProblem413(sendStreaming("Transfer-Encoding: chunked", true), "longer");
        assertStillIngests();
    }

    @Test
    void shouldRefuseAGzipBodyThatInflatesPastTheLimit() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(HEAD.getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 400; i++) {
                gz.write(spaces);
            }
        }
        assertThat(zipped.size()).isLessThan((int) LIMIT);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers("Content-Encoding: gzip\r\nContent-Length: " + zipped.size()));
            out.write(zipped.toByteArray());
            out.flush();

            assertProblem413(Answer.read(socket.getInputStream()), "decodes to more");
        }
        assertStillIngests();
    }

    @Test
    void shouldIngestADocumentJustUnderTheLimit() throws Exception {
        int seq = SEQ.incrementAndGet();
        StringBuilder doc = new StringBuilder(HEAD).append(PosIngestIT.sale(seq));
        String comment = "<!--" + "x".repeat(1024 * 1024 - 7) + "-->\n";
        while (doc.length() + comment.length() + 20 < LIMIT) {
            doc.append(comment);
        }
        doc.append("<!--").append("y".repeat((int) (LIMIT - doc.length() - 20))).append("-->");
        doc.append("</POSLog>");
        byte[] body = doc.toString().getBytes(StandardCharsets.UTF_8);
        assertThat((long) body.length).isBetween(LIMIT - 100, LIMIT);

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("published").asInt()).isEqualTo(1);
    }

    // ---- helpers

    void assertStillIngests() throws Exception {
        assertThat(ficus.isAlive()).as("Ficus survived; log tail:\n%s", tail()).isTrue();
        int seq = SEQ.incrementAndGet();
        HttpResponse<String> response = post((HEAD + PosIngestIT.sale(seq) + "</POSLog>")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    static final AtomicInteger SEQ = new AtomicInteger(5_000);

    String tail() throws IOException {
        String out = ficus.output();
        return out.substring(Math.max(0, out.length() - 4000));
    }

    void assertProblem413(Answer answer, String detail) throws IOException {
        assertThat(answer.status).as("%s%nlog tail:%n%s", answer, tail()).isEqualTo(413);
        assertThat(answer.headers.get("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(answer.body);
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("instance").asText()).isEqualTo(PATH);
        assertThat(problem.get("requestId").asText()).isNotBlank()
                .isEqualTo(answer.headers.get("x-request-id"));
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(LIMIT);
        assertThat(problem.get("detail").asText()).contains(detail).contains("pos.max-document-bytes");
    }

    HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + PATH))
                        .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Socket connect() throws IOException {
        Socket socket = new Socket("localhost", HTTP_PORT);
        socket.setSoTimeout(60_000);
        return socket;
    }

    static byte[] headers(String framing) {
        return ("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\n" + framing
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends 400 MB of POSLog-looking bytes from another thread while this one waits for the answer; the sender stops
     * when the server closes the connection.
     */
    static Answer sendStreaming(String framing, boolean chunked) throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers(framing));
            Thread sender = new Thread(() -> {
                byte[] chunk = ("<!--" + "z".repeat(64 * 1024 - 7) + "-->").getBytes(StandardCharsets.US_ASCII);
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    if (chunked) {
                        out.write((Integer.toHexString(HEAD.length()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(HEAD.getBytes(StandardCharsets.UTF_8));
                    if (chunked) {
                        out.write('\r');
                        out.write('\n');
                    }
                    for (long sent = 0; sent < HUGE; sent += chunk.length) {
                        if (chunked) {
                            out.write(size);
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write('\r');
                            out.write('\n');
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected once the server has answered and closed
                }
            }, "pos-bounds-sender");
            sender.start();
            Answer answer = Answer.read(socket.getInputStream());
            socket.close();
            sender.join(60_000);
            return answer;
        }
    }

    /** One HTTP/1.1 answer read off a socket: status, headers (lower-case names), body (by Content-Length). */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                        h.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
