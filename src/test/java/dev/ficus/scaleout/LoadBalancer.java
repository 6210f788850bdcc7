package dev.ficus.scaleout;

import dev.ficus.testsupport.FreePorts;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy as a child process with the shipped configuration {@code deploy/lb/haproxy.cfg}, its servers
 * {@code ficus-1:8080} and {@code ficus-2:8080} replaced by two loopback replicas and its listeners moved to free
 * loopback ports; every other line (health checks on the readiness probe, retries, timeouts) is the file's own.
 */
final class LoadBalancer implements AutoCloseable {

    static final Path CONFIG = Path.of("deploy/lb/haproxy.cfg");

    private final Process process;
    private final int port;
    private final Path dir;

    private LoadBalancer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts {@code haproxy -db -f <adapted copy>} and waits until it listens and sees both replicas up (its
     * health checks pass), at most 30 s.
     *
     * @param dir      a directory of its own (the adapted configuration and the log)
     * @param replicas HTTP ports of the replicas, for {@code ficus-1} and {@code ficus-2}
     * @throws IllegalStateException when HAProxy does not start
     */
    static LoadBalancer start(Path dir, int... replicas) throws IOException, InterruptedException {
        int port = FreePorts.next();
        String config = Files.readString(CONFIG)
                .replace("bind :8080", "bind 127.0.0.1:" + port)
                .replace("bind :8404", "bind 127.0.0.1:" + FreePorts.next());
        for (int i = 0; i < replicas.length; i++) {
            config = config.replace("ficus-" + (i + 1) + ":8080", "127.0.0.1:" + replicas[i]);
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        LoadBalancer lb = new LoadBalancer(process, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!lb.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                lb.close();
                throw new IllegalStateException("HAProxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
            }
            Thread.sleep(100);
        }
        Thread.sleep(5_000);   // two health checks 2 s apart ("rise 2") before a server takes requests
        return lb;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
