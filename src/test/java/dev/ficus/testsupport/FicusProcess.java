package dev.ficus.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real Ficus main class in a child JVM (test class path), so a test can {@code kill -9} it and restart it. */
public final class FicusProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private FicusProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -Xmx512m ... dev.ficus.FicusApplication <options as --key=value>}.
     *
     * @param options what this Ficus is started with
     * @param logDir  where stdout/stderr go ({@code ficus-<n>.log})
     */
    public static FicusProcess start(FicusTestOptions options, Path logDir) throws IOException {
        return start(options, logDir, "-Xmx512m");
    }

    /**
     * Starts {@code java <jvmOptions> ... dev.ficus.FicusApplication <options as --key=value>}.
     *
     * @param options    what this Ficus is started with
     * @param logDir     where stdout/stderr go ({@code ficus-<n>.log})
     * @param jvmOptions e.g. {@code -Xmx256m}
     */
    public static FicusProcess start(FicusTestOptions options, Path logDir, String... jvmOptions)
            throws IOException {
        Path log = Files.createTempFile(logDir, "ficus-", ".log");
        Process p = new ProcessBuilder(options.childJvmCommand(jvmOptions)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new FicusProcess(p, log);
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook, no flush, no goodbye. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** @return exit code, waiting up to {@code seconds} */
    public int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("Ficus did not exit within " + seconds + " s; log: " + log);
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
