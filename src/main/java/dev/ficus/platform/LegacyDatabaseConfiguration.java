package dev.ficus.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The legacy RetailCore system as Ficus sees it: its PostgreSQL database ({@code wal_level=logical}, used as is,
 * never written by Ficus outside its own schema) and the base URL of its HTTP endpoints.
 *
 * <p>Both must be configured: {@code legacy.db.url} (env {@code LEGACY_DB_URL}) and {@code legacy.base-url} (env
 * {@code LEGACY_BASE_URL}). There is no silent default: the playground ({@code ./mvnw spring-boot:test-run})
 * starts an embedded PostgreSQL with Northwind and the RetailCore mimic and passes both.
 *
 * <p>Start-up fails with a {@link StartupCheckException} when either is missing or malformed, when the database
 * cannot be reached within {@code legacy.db.connect-timeout-ms}, or when its {@code wal_level} is not
 * {@code logical} (change data capture needs logical decoding).
 *
 * <p>Inject the pool with {@code @Qualifier("legacyDataSource")}; the primary {@code DataSource} is Ficus's own
 * ({@link FicusDatabaseConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LegacyDatabaseConfiguration.LegacyDatabaseProperties.class,
        LegacyDatabaseConfiguration.LegacySystemProperties.class,
        LegacyDatabaseConfiguration.DataDirectoryProperties.class})
public class LegacyDatabaseConfiguration {

    /**
     * Where the legacy database runs, for the start-up summary and for other capabilities.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
     * @param user    the user Ficus connects as
     */
    public record LegacyDatabase(String jdbcUrl, String user) {
    }

    /**
     * Settings under {@code legacy.db} (defaults in {@code application.yml}).
     *
     * @param url              JDBC URL of the legacy PostgreSQL (env {@code LEGACY_DB_URL}); required
     * @param user             user name (env {@code LEGACY_DB_USER})
     * @param password         password (env {@code LEGACY_DB_PASSWORD}); empty = none
     * @param connectTimeoutMs how long to wait for a connection, ms (at least 250)
     */
    @ConfigurationProperties("legacy.db")
    public record LegacyDatabaseProperties(String url, String user, String password, long connectTimeoutMs) {
    }

    /**
     * Settings under {@code legacy}.
     *
     * @param baseUrl where RetailCore's HTTP endpoints answer, {@code http(s)://host[:port]} (env
     *                {@code LEGACY_BASE_URL}); required
     */
    @ConfigurationProperties("legacy")
    public record LegacySystemProperties(String baseUrl) {
    }

    /**
     * Settings under {@code ficus}.
     *
     * @param dataDir directory of Ficus's local state (the embedded broker's journal, the POS drop directory), env
     *                {@code FICUS_DATA_DIR}
     */
    @ConfigurationProperties("ficus")
    public record DataDirectoryProperties(String dataDir) {
    }

    /**
     * @return the legacy database's connection facts
     * @throws StartupCheckException when {@code legacy.db.url} is not set, or {@code legacy.base-url} is not set
     *                               or not an absolute http(s) URL
     */
    @Bean
    LegacyDatabase legacyDatabase(LegacyDatabaseProperties db, LegacySystemProperties legacy) {
        requireBaseUrl(legacy.baseUrl());
        if (db.url() == null || db.url().isBlank()) {
            throw new StartupCheckException("the legacy database is not configured: set LEGACY_DB_URL (legacy.db.url)"
                    + " to the RetailCore PostgreSQL; to try Ficus with a demo database and RetailCore mimic run "
                    + "./mvnw spring-boot:test-run");
        }
        return new LegacyDatabase(db.url(), db.user());
    }

    private static void requireBaseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new StartupCheckException("RetailCore is not configured: set LEGACY_BASE_URL (legacy.base-url), "
                    + "e.g. http://retailcore.internal:7001; to try Ficus with a RetailCore mimic run "
                    + "./mvnw spring-boot:test-run");
        }
        try {
            URI uri = URI.create(baseUrl);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new StartupCheckException("legacy.base-url (LEGACY_BASE_URL) " + baseUrl + " is not an absolute "
                    + "http(s) URL", e);
        }
    }

    /**
     * @param properties {@code ficus.data-dir}
     * @return the locked data directory, released when the context closes
     * @throws StartupCheckException when another Ficus process uses the same directory
     */
    @Bean
    DataDirectory dataDirectory(DataDirectoryProperties properties) {
        return new DataDirectory(Path.of(properties.dataDir()));
    }

    /**
     * The connection pool to the legacy database, checked before anything else uses it.
     *
     * @throws StartupCheckException when PostgreSQL is unreachable or {@code wal_level} is not {@code logical}
     */
    @Bean(name = "legacyDataSource", destroyMethod = "close")
    HikariDataSource legacyDataSource(LegacyDatabase db, LegacyDatabaseProperties properties) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("legacy");
        ds.setJdbcUrl(db.jdbcUrl());
        ds.setUsername(db.user());
        if (properties.password() != null && !properties.password().isEmpty()) {
            ds.setPassword(properties.password());
        }
        ds.setConnectionTimeout(Math.max(250, properties.connectTimeoutMs()));
        ds.setMaximumPoolSize(10);
        try {
            checkReachableAndLogical(ds, db);
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
