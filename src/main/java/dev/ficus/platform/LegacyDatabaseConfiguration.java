package dev.ficus.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The legacy RetailCore database: PostgreSQL with {@code wal_level=logical}.
 *
 * <p>With {@code legacy.db.url} (env {@code LEGACY_DB_URL}) empty, an embedded PostgreSQL (zonky) is started
 * on {@code legacy.db.embedded-port} with its data under {@code <ficus.data-dir>/postgres} (kept across
 * restarts) and seeded once with Northwind. Otherwise the given server is used as is, never seeded.
 *
 * <p>Either way, start-up fails with a {@link StartupCheckException} when the database cannot be reached
 * within {@code legacy.db.connect-timeout-ms} or its {@code wal_level} is not {@code logical} (change data
 * capture needs logical decoding).
 *
 * <p>Inject it with {@code @Qualifier("legacyDataSource")}; the primary {@code DataSource} is Ficus's own
 * ({@link FicusDatabaseConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class LegacyDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LegacyDatabaseConfiguration.class);

    /** Where the legacy database runs, for the start-up summary and for other capabilities. */
    public record LegacyDatabase(String jdbcUrl, String user, boolean embedded) {
    }

    /**
     * Starts the embedded PostgreSQL when no external one is configured.
     *
     * @return the connection facts of the legacy database
     * @throws StartupCheckException when the embedded port is taken or PostgreSQL cannot start
     */
    @Bean
    LegacyDatabaseHolder legacyDatabaseHolder(@Value("${legacy.db.url}") String url,
                                              @Value("${legacy.db.user}") String user,
                                              @Value("${legacy.db.embedded-port}") int embeddedPort,
                                              DataDirectory dataDirectory) {
        if (url != null && !url.isBlank()) {
            return new LegacyDatabaseHolder(new LegacyDatabase(url, user, false), null);
        }
        Path dir = dataDirectory.resolve("postgres");
        stopOrphanedPostgres(dir);
        Ports.requireFree(embeddedPort, "embedded PostgreSQL; set LEGACY_DB_EMBEDDED_PORT or stop the process "
                + "that holds it");
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(embeddedPort)
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("listen_addresses", "*")
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), dir);
            String jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            return new LegacyDatabaseHolder(new LegacyDatabase(jdbcUrl, "postgres", true), pg);
        } catch (IOException | RuntimeException e) {
            throw new StartupCheckException("embedded PostgreSQL cannot start in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A Ficus killed with {@code kill -9} leaves its embedded PostgreSQL running. We hold the data directory's
     * lock, so no live Ficus owns that server: stop it (SIGINT = fast shutdown) before starting a new one.
     */
    private static void stopOrphanedPostgres(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
                log.warn("Stopping embedded PostgreSQL (pid {}) left running by a previous Ficus in {}", pid, dir);
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
                    orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new StartupCheckException("embedded PostgreSQL (pid " + pid + ") left by a previous Ficus "
                            + "in " + dir + " does not stop; stop it by hand", e);
                }
            });
        } catch (IOException | RuntimeException e) {
            if (e instanceof StartupCheckException check) {
                throw check;
            }
            log.debug("No usable postmaster.pid in {}: {}", dir, e.getMessage());
        }
    }

    /** Keeps the embedded server (if any) alive for the context's lifetime and stops it on close. */
    static final class LegacyDatabaseHolder implements AutoCloseable {
        private final LegacyDatabase database;
        private final EmbeddedPostgres embedded;

        LegacyDatabaseHolder(LegacyDatabase database, EmbeddedPostgres embedded) {
            this.database = database;
            this.embedded = embedded;
        }

        LegacyDatabase database() {
            return database;
        }

        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * @param dataDir {@code ficus.data-dir}
     * @return the locked data directory, released when the context closes
     * @throws StartupCheckException when another Ficus process uses the same directory
     */
    @Bean
    DataDirectory dataDirectory(@Value("${ficus.data-dir}") String dataDir) {
        return new DataDirectory(Path.of(dataDir));
    }

    /**
     * @return the legacy database's connection facts
     */
    @Bean
    LegacyDatabase legacyDatabase(LegacyDatabaseHolder holder) {
        return holder.database();
    }

    /**
     * The connection pool to the legacy database, checked before anything else uses it.
     *
     * @throws StartupCheckException when PostgreSQL is unreachable or {@code wal_level} is not {@code logical}
     */
    @Bean(name = "legacyDataSource", destroyMethod = "close")
    HikariDataSource legacyDataSource(LegacyDatabaseHolder holder,
                                      @Value("${legacy.db.password}") String password,
                                      @Value("${legacy.db.connect-timeout-ms}") long connectTimeoutMs) {
        LegacyDatabase db = holder.database();
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("legacy");
        ds.setJdbcUrl(db.jdbcUrl());
        ds.setUsername(db.user());
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setConnectionTimeout(Math.max(250, connectTimeoutMs));
        ds.setMaximumPoolSize(10);
        try {
            checkReachableAndLogical(ds, db);
            if (db.embedded()) {
                NorthwindSeeder.seedIfEmpty(ds, NorthwindSeeder.DEFAULT_SCRIPT);
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return ds;
    }

    private static void checkReachableAndLogical(DataSource ds, LegacyDatabase db) {
        String walLevel;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            walLevel = rs.getString(1);
        } catch (SQLException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new StartupCheckException("PostgreSQL at " + db.jdbcUrl() + " is unreachable: "
                    + root.getMessage(), e);
        }
        if (!"logical".equals(walLevel)) {
            throw new StartupCheckException("PostgreSQL at " + db.jdbcUrl() + " has wal_level=" + walLevel
                    + "; change data capture needs wal_level=logical (ALTER SYSTEM SET wal_level = logical; "
                    + "then restart PostgreSQL)");
        }
    }
}
