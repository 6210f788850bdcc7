package dev.ficus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Debian's {@code wrk} (HTTP/1.1 keep-alive load generator, one thread) against a loopback URL for a bounded
 * time and reads its summary: requests/s and the latency percentiles of {@code --latency}.
 *
 * <p>A run is bounded by {@code -d} (seconds) plus a hard limit of duration + 30 s, after which the process is
 * killed and the run fails with {@link IllegalStateException}.
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * What one run measured.
     *
     * @param requestsPerSecond completed requests ÷ duration
     * @param requests          completed requests
     * @param p50Ms             median latency, ms
     * @param p99Ms             99th percentile latency, ms
     * @param errors            non-2xx/3xx answers plus socket errors (connect, read, write, timeout)
     * @param output            wrk's whole output
     */
    record Result(double requestsPerSecond, long requests, double p50Ms, double p99Ms, long errors, String output) {

        /** @return e.g. {@code 12,345 req/s, p50 1.2 ms, p99 3.4 ms} */
        String summary() {
            return String.format(Locale.ROOT, "%,.0f req/s, p50 %.2f ms, p99 %.2f ms%s", requestsPerSecond, p50Ms,
                    p99Ms, errors == 0 ? "" : ", " + errors + " errors");
        }
    }

    private Wrk() {
    }

    /**
     * @param url         loopback URL
     * @param connections concurrent keep-alive connections
     * @param seconds     duration of the load, s
     * @param script      a wrk Lua script (method, body, think time), or {@code null} for plain GETs
     * @param scriptArgs  arguments passed to the script after {@code --}
     * @return the measurement
     * @throws IllegalStateException when wrk fails, hangs or prints no summary
     */
    static Result run(String url, int connections, int seconds, Path script, String... scriptArgs) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        if (scriptArgs.length > 0) {
            command.add("--");
            command.addAll(List.of(scriptArgs));
        }
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                wrk.destroyForcibly();
                throw new IllegalStateException("wrk did not finish: " + command);
            }
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk failed (" + wrk.exitValue() + "): " + output);
            }
            return parse(output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run wrk (apt-get install wrk): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * @param output wrk's output with {@code --latency}
     * @return the figures in it
     * @throws IllegalStateException when the output has no summary
     */
    static Result parse(String output) {
        double rate = Double.parseDouble(find(RATE, output, 1, null));
        long requests = Long.parseLong(find(COUNT, output, 1, null));
        long errors = Long.parseLong(find(NON_2XX, output, 1, "0"));
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(rate, requests, percentile(output, "50%"), percentile(output, "99%"), errors, output);
    }

    private static double percentile(String output, String which) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s)\\s*$",
                Pattern.MULTILINE).matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static String find(Pattern pattern, String output, int group, String fallback) {
        Matcher m = pattern.matcher(output);
        if (m.find()) {
            return m.group(group);
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalStateException("unexpected wrk output: " + output);
    }
}
