package dev.ficus.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ficus, the product alone, as a child JVM: {@code <java> <jvm options> -jar target/ficus-*.jar <arguments>} in the
 * project's directory (route files, mappings and {@code config/} are read from there, as in a deployment), its
 * output in a log file. Measures the time from the process's start to ready and its resident memory.
 *
 * <p>Ready: {@code GET /actuator/health} answers 200 and {@code GET <probe path>} answers 200, polled every 50 ms for
 * at most 180 s. {@link #close()} stops it with SIGTERM (a clean stop, at most 60 s, then SIGKILL).
 */
final class FicusProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final long readyMs;

    private FicusProcess(Process process, int port, Path log, long readyMs) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.readyMs = readyMs;
    }

    /**
     * @param java       the {@code java} launcher
     * @param jvmOptions JVM options, e.g. {@code -Xmx256m}
     * @param jar        the product jar
     * @param arguments  Spring Boot arguments ({@code --key=value}); must set {@code server.port}
     * @param port       the HTTP port those arguments set
     * @param probePath  path that must answer 200 before Ficus counts as ready, e.g. {@code /api/v1/products/11}
     * @param log        file for the process's output
     * @return the ready process
     * @throws IllegalStateException when it exits or is not ready within 180 s (the log's tail in the message)
     */
    static FicusProcess start(String java, List<String> jvmOptions, Path jar, List<String> arguments, int port,
                              String probePath, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FicusProcess ficus = new FicusProcess(process, port, log, 0);
        long deadline = started + TimeUnit.SECONDS.toNanos(180);
        while (!(ficus.status("/actuator/health") == 200 && ficus.status(probePath) == 200)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                ficus.close();
                throw new IllegalStateException("Ficus did not become ready; last lines of " + log + ":\n"
                        + ficus.tail(40));
            }
            Thread.sleep(50);
        }
        return new FicusProcess(process, port, log, (System.nanoTime() - started) / 1_000_000);
    }

    /** @return ms from the process's start until it was ready */
    long readyMs() {
        return readyMs;
    }

    /** @return the process id */
    long pid() {
        return process.pid();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return resident set size of the process (VmRSS), MB, or -1 when it cannot be read */
    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * @return CPU time the process has used so far (user + system, {@code /proc/<pid>/stat}), ms; -1 when it
     *         cannot be read. Its difference over a load, divided by the requests served, is the CPU cost of one
     *         request, a figure that other processes on the machine do not skew as much as throughput.
     */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);     // utime, stime
            return ticks * 10;                                                       // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param path request path
     * @return the status of a GET, or -1 when the connection fails
     */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * @param method  HTTP method
     * @param path    request path
     * @param body    JSON body, or {@code null}
     * @param headers name, value, name, value...
     * @return the answer's body
     * @throws IllegalStateException on a non-2xx answer
     */
    String call(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer.body();
    }

    /**
     * @param name a Micrometer meter, e.g. {@code ficus.pos.received}
     * @param tag  {@code key:value} filter, or {@code null}
     * @return its first measurement (a counter's count) from {@code /actuator/metrics}, 0 when it does not exist yet
     */
    double metric(String name, String tag) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/metrics/"
                    + name + (tag == null ? "" : "?tag=" + tag))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"value\":([0-9.E+-]+)")
                    .matcher(answer.body());
            return answer.statusCode() == 200 && m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** @return the last {@code lines} lines of the process's output */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
