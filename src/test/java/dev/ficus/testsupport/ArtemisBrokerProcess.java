package dev.ficus.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One ActiveMQ Artemis instance of an {@link ArtemisPair}: created with the distribution's {@code bin/artemis create}
 * and run as a child process ({@code <instance>/bin/artemis run ...}) with the running JVM as its Java, its output
 * (the broker log) in {@code <name>.log} beside the instance directory.
 * <p>
 * The broker is started by a small {@code /bin/sh} watchdog whose standard input is a pipe from this JVM: when this
 * JVM ends in any way (even SIGKILL) the pipe closes and the watchdog SIGKILLs the broker, so no broker outlives the
 * test that started it. {@link #kill()} SIGKILLs the broker itself ({@link ProcessHandle#destroyForcibly()}); the
 * watchdog, its parent, reaps it at once, so it is gone (no zombie) when {@link #kill()} returns.
 */
final class ArtemisBrokerProcess {

    /** Log lines shown in a failure message. */
    static final int TAIL_LINES = 60;

    /**
     * $1 = log file, the rest = the command. Prints the broker's pid; a background reader SIGKILLs the broker at EOF
     * on the watchdog's standard input (this JVM's pipe); the watchdog itself waits for (and so reaps) the broker and
     * exits with its status. Standard input goes to the reader on fd 3: an asynchronous list's own stdin is /dev/null.
     */
    private static final String WATCHDOG = """
            log="$1"; shift
            exec 3<&0
            "$@" </dev/null 3<&- >>"$log" 2>&1 &
            broker=$!
            echo "$broker"
            { read -r ignored <&3; kill -9 "$broker" 2>/dev/null; } &
            reader=$!
            exec 3<&-
            wait "$broker"
            status=$?
            kill "$reader" 2>/dev/null
            exit "$status"
            """;

    private final String name;
    private final Path instance;
    private final Path log;
    private Process watchdog;
    private ProcessHandle broker;

    private ArtemisBrokerProcess(String name, Path instance, Path log) {
        this.name = name;
        this.instance = instance;
        this.log = log;
    }

    /**
     * Runs {@code <home>/bin/artemis create <dir>/<name> <args>} and waits for it.
     *
     * @param home the unpacked distribution
     * @param dir the directory that receives the instance and its logs
     * @param name the instance's directory name, also used in messages ({@code primary}, {@code backup})
     * @param args the options of {@code artemis create}
     * @param timeout how long the command may take
     * @return the created, not yet running instance
     * @throws AssertionError when the command fails or times out, with its output
     */
    static ArtemisBrokerProcess create(Path home, Path dir, String name, List<String> args, Duration timeout) {
        Path instance = dir.resolve(name);
        Path createLog = dir.resolve(name + "-create.log");
        List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/artemis").toString(), "create",
                instance.toString()));
        command.addAll(args);
        try {
            Process process = builder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(createLog.toFile()).redirectErrorStream(true).start();
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (!done || process.exitValue() != 0) {
                throw new AssertionError("artemis create " + name + (done ? " exited with " + process.exitValue()
                        : " did not finish within " + timeout) + ": " + command + "\n" + tail(createLog));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while creating " + name, e);
        }
        return new ArtemisBrokerProcess(name, instance, dir.resolve(name + ".log"));
    }

    /**
     * Starts {@code <instance>/bin/artemis <args>} (under the watchdog) and returns at once.
     *
     * @param args the arguments of {@code bin/artemis}, e.g. {@code run --properties <file>}
     * @throws AssertionError when the process cannot be started or does not report its pid within 10 s
     */
    void start(List<String> args) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "artemis-" + name, log.toString(),
                "/bin/sh", instance.resolve("bin/artemis").toString()));
        command.addAll(args);
        try {
            watchdog = builder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(watchdog.getInputStream(), StandardCharsets.US_ASCII));
            String pid = CompletableFuture.supplyAsync(() -> readLine(out)).get(10, TimeUnit.SECONDS);
            broker = ProcessHandle.of(Long.parseLong(pid.trim()))
                    .orElseThrow(() -> new AssertionError(name + " exited at once\n" + tail()));
        } catch (Exception e) {
            throw new AssertionError("cannot start broker " + name + ": " + command + "\n" + tail(), e);
        }
    }

    /**
     * Waits until the broker log contains {@code text}.
     *
     * @param text what to look for, e.g. an AMQ log code
     * @param what the state being waited for, for the failure message
     * @param timeout the longest wait
     * @throws AssertionError on timeout or when the broker process ends first, with the log tail
     */
    void awaitLog(String text, String what, Duration timeout) {
        try {
            await(name + ": " + what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (logText().contains(text)) {
                    return true;
                }
                if (broker == null || !broker.isAlive()) {
                    throw new AssertionError(name + " ended before " + what + " (" + text + ")\n" + tail());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": no " + what + " (" + text + ") within " + timeout + "\n" + tail(), e);
        }
    }

    /** @return whether the log contains {@code text} now */
    boolean logContains(String text) {
        return logText().contains(text);
    }

    /**
     * SIGKILLs the broker and waits (at most 10 s) until it is gone. Does nothing when it is not running.
     *
     * @throws AssertionError when the process is still alive after 10 s
     */
    void kill() {
        if (broker == null || !broker.isAlive()) {
            return;
        }
        broker.destroyForcibly();
        try {
            broker.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + " (pid " + broker.pid() + ") still alive 10 s after SIGKILL", e);
        }
    }

    /** SIGKILLs the broker, then ends the watchdog (bounded waits; safe to call more than once). */
    void stop() {
        try {
            kill();
        } finally {
            if (watchdog != null) {
                try {
                    watchdog.getOutputStream().close();
                    if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
                        watchdog.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (IOException e) {
                    watchdog.destroyForcibly();
                } catch (InterruptedException e) {
                    watchdog.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** @return whether the broker process is running */
    boolean isAlive() {
        return broker != null && broker.isAlive();
    }

    /** @return the last {@value #TAIL_LINES} lines of the broker log, headed by the instance name */
    String tail() {
        return "--- " + name + " log (" + log + "), last lines ---\n" + tail(log);
    }

    String name() {
        return name;
    }

    private String logText() {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no output yet)";
            }
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            String line = reader.readLine();
            if (line == null) {
                throw new IllegalStateException("the watchdog ended without reporting the broker's pid");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running JVM is the broker's Java; nothing from the caller's environment changes its options. */
    private static ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        List.of("JAVA_ARGS", "JAVA_ARGS_APPEND", "DEBUG_ARGS", "ARTEMIS_CLUSTER_PROPS", "ARTEMIS_HOME",
                "ARTEMIS_INSTANCE", "JAVACMD").forEach(env::remove);
        return builder;
    }
}
