package dev.ficus.scaleout;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Ficus replica as a child JVM (the real main class) on its own HTTP port and data directory, sharing the
 * database and the broker with the others through the options it is given.
 */
final class Replica implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port = FreePorts.next();
    private final FicusTestOptions options;
    private final Path logs;
    private FicusProcess process;

    private Replica(String name, FicusTestOptions options, Path logs) {
        this.name = name;
        this.options = FicusTestOptions.create().setAll(options).httpPort(port)
                .dataDir(FicusTestOptions.tempDir("ficus-replica-" + name));
        this.logs = logs;
    }

    /** Starts the replica and waits until it answers its readiness probe (at most 180 s). */
    static Replica start(String name, FicusTestOptions shared, Path logs) throws IOException {
        Replica replica = new Replica(name, shared, logs);
        replica.process = FicusProcess.start(replica.options, logs);
        replica.awaitReady();
        return replica;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, the lease and connections are left as they are. */
    void kill9() throws InterruptedException {
        process.kill9();
    }

    /** SIGSTOP, later {@link #resume()}: a process that stops answering and renewing, as in a long GC or VM pause. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the {@code cdc} health component ({@code status}, {@code details.role}, ...), or an empty node */
    JsonNode cdcHealth() {
        try {
            return JSON.readTree(get("/actuator/health")).at("/components/cdc");
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    /** @return whether this replica leads change data capture and captures */
    boolean capturesAsLeader() {
        JsonNode cdc = cdcHealth();
        return "UP".equals(cdc.path("status").asText()) && "leader".equals(cdc.at("/details/role").asText());
    }

    /** @return whether this replica stands by while another one leads */
    boolean standsBy() {
        JsonNode cdc = cdcHealth();
        return "UP".equals(cdc.path("status").asText()) && "standby".equals(cdc.at("/details/role").asText());
    }

    /** @return the value of a counter or gauge of {@code /actuator/metrics}, 0 when it has none yet */
    double metric(String name) {
        try {
            return JSON.readTree(get("/actuator/metrics/" + name)).at("/measurements/0/value").asDouble();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    String get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    String log() throws IOException {
        return process.output();
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited:\n" + process.output());
            }
            try {
                return JSON.readTree(get("/actuator/health/readiness")).path("status").asText().equals("UP");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
