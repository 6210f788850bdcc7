package dev.ficus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A replicated ActiveMQ Artemis primary/backup pair as two real broker processes on loopback, created and run exactly
 * as {@code deploy/artemis/README.md} tells an operator (the same {@code artemis create} options, Ficus's
 * {@code broker.properties} on both, {@code ha-primary.properties} on the primary), from the distribution that
 * {@code ./mvnw verify} unpacks into {@code target/artemis} (system property {@code artemis.home}).
 * <p>
 * {@link #start()} returns once the primary is active (log codes AMQ221007 "Server is now active" and AMQ221020
 * "Started ... Acceptor at" its port) and the backup is in sync and announced (AMQ221024 "is synchronized with primary server", then AMQ221031 "backup announced"): from
 * then on every durable write the primary confirms is also on the backup. {@link #close()} SIGKILLs both brokers and
 * deletes their directory; if this JVM dies first, each broker's watchdog kills it (see {@link ArtemisBrokerProcess}).
 * Clients log in as {@link #USER}/{@link #PASSWORD} (role {@code amq}: every permission on every address).
 */
public final class ArtemisPair implements AutoCloseable {

    /** The application user both brokers are created with (the contract's {@code --user}/{@code --password}). */
    public static final String USER = "ficus";
    /** Password of {@link #USER}. */
    public static final String PASSWORD = "ficus";
    /**
     * The options of the client failover URL that {@code deploy/artemis/README.md} recommends, after
     * {@code (tcp://primary:port,tcp://backup:port)?}; {@link #failoverUrl()} uses exactly these.
     */
    public static final String CLIENT_URL_OPTIONS = "ha=true&reconnectAttempts=-1&initialConnectAttempts=5"
            + "&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000&confirmationWindowSize=1048576";
    /** Ficus's addresses, queues and settings, given to both brokers. */
    public static final Path BROKER_PROPERTIES = Path.of("deploy/artemis/broker.properties");
    /** The primary's HA setting (check-for-active-server), given to the primary only. */
    public static final Path PRIMARY_PROPERTIES = Path.of("deploy/artemis/ha-primary.properties");

    static final String HOST = "127.0.0.1";
    static final String CLUSTER_USER = "ficus-cluster";
    static final String CLUSTER_PASSWORD = "artemis-pair-test-secret";
    static final String ACTIVE = "AMQ221007";
    static final String SYNCHRONIZED = "AMQ221024";
    static final String ANNOUNCED = "AMQ221031";
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(2);
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final int primaryPort = FreePorts.next();
    private final int backupPort = FreePorts.next();
    private final List<ArtemisBrokerProcess> brokers = new ArrayList<>();
    private ArtemisBrokerProcess primary;
    private ArtemisBrokerProcess backup;
    private long killedAtNanos;

    private ArtemisPair(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates both instances in a new temporary directory, starts the primary, waits until it is active, starts the
     * backup and waits until it is synchronized and announced (each wait at most 2 minutes).
     *
     * @return the running pair; close it
     * @throws AssertionError when the distribution is missing or a broker does not get there, with its log tail;
     *         everything started so far is stopped first
     */
    public static ArtemisPair start() {
        Path home = distribution();
        ArtemisPair pair = new ArtemisPair(FicusTestOptions.tempDir("ficus-artemis-pair"));
        try {
            pair.primary = pair.create(home, "primary", pair.primaryPort, pair.backupPort, false);
            pair.backup = pair.create(home, "backup", pair.backupPort, pair.primaryPort, true);
            pair.primary.start(runArgs(BROKER_PROPERTIES, PRIMARY_PROPERTIES));
            pair.primary.awaitLog(ACTIVE, "primary active", START_TIMEOUT);
            pair.primary.awaitLog(acceptor(pair.primaryPort), "primary accepting connections", START_TIMEOUT);
            pair.backup.start(runArgs(BROKER_PROPERTIES));
            pair.backup.awaitLog(SYNCHRONIZED, "backup synchronized with the primary", START_TIMEOUT);
            pair.backup.awaitLog(ANNOUNCED, "backup announced", START_TIMEOUT);
            return pair;
        } catch (RuntimeException | Error e) {
            try {
                pair.close();
            } catch (RuntimeException | Error closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The {@code artemis create} options of one instance: the deploy/artemis contract first, then what two instances
     * on one host need on top (own name, no prompts, no web console, only the one all-protocol acceptor, no journal
     * auto-tuning at create, a smaller heap).
     *
     * @param name the instance's broker name ({@code --name}; by default the host name, which both share here)
     * @param own this instance's acceptor port
     * @param peer the other instance's acceptor port
     * @param isBackup whether this is the backup
     * @return the options, without the instance directory
     */
    static List<String> createArgs(String name, int own, int peer, boolean isBackup) {
        // role ficus: what deploy/artemis/broker.properties lets do everything
        List<String> args = new ArrayList<>(List.of("--user", USER, "--password", PASSWORD, "--role", "ficus",
                "--require-login",
                "--replicated", "--failover-on-shutdown", "--cluster-user", CLUSTER_USER,
                "--cluster-password", CLUSTER_PASSWORD, "--staticCluster", "tcp://" + HOST + ":" + peer,
                "--host", HOST, "--default-port", String.valueOf(own)));
        if (isBackup) {
            args.add("--backup");
        }
        args.addAll(List.of("--name", name, "--silent", "--no-web", "--no-amqp-acceptor", "--no-stomp-acceptor",
                "--no-hornetq-acceptor", "--no-mqtt-acceptor", "--no-autotune", "--java-memory", "512M"));
        return args;
    }

    /**
     * @return {@code (tcp://127.0.0.1:<primary>,tcp://127.0.0.1:<backup>)?} followed by {@link #CLIENT_URL_OPTIONS}
     */
    public String failoverUrl() {
        return "(tcp://" + HOST + ":" + primaryPort + ",tcp://" + HOST + ":" + backupPort + ")?" + CLIENT_URL_OPTIONS;
    }

    /** @return the primary's acceptor port (all protocols) on 127.0.0.1 */
    public int primaryPort() {
        return primaryPort;
    }

    /** @return the backup's acceptor port (all protocols) on 127.0.0.1; it accepts connections once active */
    public int backupPort() {
        return backupPort;
    }

    /**
     * SIGKILLs the primary ({@link ProcessHandle#destroyForcibly()}) and waits until its process is gone; the time
     * of the kill is what {@link #awaitBackupActive(Duration)} measures from.
     *
     * @throws AssertionError when the process is still alive 10 s later
     */
    public void killPrimary() {
        killedAtNanos = System.nanoTime();
        primary.kill();
    }

    /**
     * Waits until the backup has activated after {@link #killPrimary()} and accepts connections: AMQ221007 and then
     * AMQ221020 for its port in its log (the acceptor starts a few ms after the "active" line; a client that
     * connects in between is refused).
     *
     * @param timeout the longest wait
     * @return the time from the kill to when the backup's log showed its acceptor started (polled every 50 ms)
     * @throws AssertionError on timeout or when the backup process ends, with both log tails
     * @throws IllegalStateException when the primary was not killed before
     */
    public Duration awaitBackupActive(Duration timeout) {
        if (killedAtNanos == 0) {
            throw new IllegalStateException("killPrimary() first");
        }
        try {
            backup.awaitLog(ACTIVE, "backup active", timeout);
            backup.awaitLog(acceptor(backupPort), "backup accepting connections", timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + primary.tail(), e);
        }
        return Duration.ofNanos(System.nanoTime() - killedAtNanos);
    }

    /**
     * @return the end of the AMQ221020 line ("Started EPOLL Acceptor at ...", NIO where epoll is missing) for this
     *         port, e.g. {@code Acceptor at 127.0.0.1:61616}
     */
    static String acceptor(int port) {
        return "Acceptor at " + HOST + ":" + port;
    }

    /** @return the last lines of both broker logs, for failure messages */
    public String logTails() {
        return (primary == null ? "" : primary.tail() + "\n") + (backup == null ? "" : backup.tail());
    }

    /** SIGKILLs both brokers (waiting until they are gone) and deletes their directory. Safe to call twice. */
    @Override
    public void close() {
        AssertionError failure = null;
        for (ArtemisBrokerProcess broker : brokers) {
            try {
                broker.stop();
            } catch (AssertionError e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        deleteQuietly(dir);
    }

    private ArtemisBrokerProcess create(Path home, String name, int own, int peer, boolean isBackup) {
        ArtemisBrokerProcess broker = ArtemisBrokerProcess.create(home, dir, name, createArgs(name, own, peer,
                isBackup), CREATE_TIMEOUT);
        brokers.add(broker);
        return broker;
    }

    private static List<String> runArgs(Path... properties) {
        String files = String.join(",", Stream.of(properties).map(p -> p.toAbsolutePath().toString()).toList());
        return List.of("run", "--properties", files);
    }

    private static Path distribution() {
        String home = System.getProperty("artemis.home");
        if (home == null || !Files.isRegularFile(Path.of(home, "bin/artemis"))) {
            throw new AssertionError("no Artemis distribution at artemis.home=" + home + ": run through ./mvnw verify,"
                    + " whose pre-integration-test phase unpacks org.apache.activemq:apache-artemis:bin into"
                    + " target/artemis and sets artemis.home for failsafe");
        }
        return Path.of(home);
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless; the brokers are already gone
        }
    }
}
