package dev.ficus.playground;

import dev.ficus.platform.DataDirectory;
import dev.ficus.platform.Ports;
import dev.ficus.platform.StartupCheckException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The playground's legacy database: an embedded PostgreSQL (zonky, real binaries from Maven) on 127.0.0.1 with
 * {@code wal_level=logical}, its data kept under {@code <data dir>/playground/postgres} across restarts, seeded once
 * with Northwind ({@link NorthwindSeeder}).
 *
 * <p>Only one playground may use a data directory: {@code <data dir>/playground/ficus.lock} is held while the
 * server runs. A server left running by a playground killed with {@code kill -9} is stopped first.
 */
final class PlaygroundPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlaygroundPostgres.class);

    private final DataDirectory lock;
    private final EmbeddedPostgres server;

    private PlaygroundPostgres(DataDirectory lock, EmbeddedPostgres server) {
        this.lock = lock;
        this.server = server;
    }

    /**
     * Starts the server and seeds Northwind when its {@code products} table is missing.
     *
     * @param dataDir Ficus's data directory ({@code ficus.data-dir})
     * @param port    TCP port on 127.0.0.1
     * @return the running server
     * @throws StartupCheckException when the port is taken, the directory is locked, or PostgreSQL cannot start
     */
    static PlaygroundPostgres start(Path dataDir, int port) {
        DataDirectory lock = new DataDirectory(dataDir.resolve("playground"));
        Path dir = lock.resolve("postgres");
        try {
            stopOrphan(dir);
            Ports.requireFree(port, "playground PostgreSQL; set PLAYGROUND_POSTGRES_PORT or stop the process "
                    + "that holds it");
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            NorthwindSeeder.seedIfEmpty(pg.getPostgresDatabase(), NorthwindSeeder.DEFAULT_SCRIPT);
            log.info("Playground PostgreSQL on 127.0.0.1:{}, data in {}", pg.getPort(), dir);
            return new PlaygroundPostgres(lock, pg);
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof StartupCheckException check) {
                throw check;
            }
            throw new StartupCheckException("playground PostgreSQL cannot start in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code jdbc:postgresql://127.0.0.1:<port>/postgres} */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    /** Stops the server (fast shutdown) and releases the directory lock. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("Playground PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            lock.close();
        }
    }

    /**
     * A playground killed with {@code kill -9} leaves its PostgreSQL running. We hold the directory's lock, so no
     * live playground owns that server: stop it (SIGINT = fast shutdown) before starting a new one.
     */
    private static void stopOrphan(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            log.debug("No usable postmaster.pid in {}: {}", dir, e.getMessage());
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
            log.warn("Stopping the playground PostgreSQL (pid {}) left running in {}", pid, dir);
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
                orphan.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StartupCheckException("playground PostgreSQL (pid " + pid + ") left in " + dir
                        + " does not stop; stop it by hand", e);
            }
        });
    }
}
