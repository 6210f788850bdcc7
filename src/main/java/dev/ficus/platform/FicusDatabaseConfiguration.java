package dev.ficus.platform;

import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabaseProperties;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Ficus's own database: offsets, idempotency keys, migration states. Always the schema {@code ficus-db.schema}
 * (default {@code ficus}), never the legacy schema; Flyway migrates it from {@code classpath:db/migration} at
 * start-up.
 *
 * <p>{@code ficus-db.url} (env {@code FICUS_DB_URL}) empty means the same PostgreSQL database as the legacy one
 * ({@code LEGACY_DB_URL}), in its own schema; production should give Ficus a database of its own.
 * This is the primary {@code DataSource} ({@code ficusDataSource}); the legacy one is {@code legacyDataSource}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FicusDatabaseConfiguration.FicusDatabaseProperties.class)
public class FicusDatabaseConfiguration {

    /**
     * Settings under {@code ficus-db} (defaults in {@code application.yml}).
     *
     * @param url      JDBC URL of Ficus's own database (env {@code FICUS_DB_URL}); empty = the legacy database
     * @param user     user (env {@code FICUS_DB_USER}); empty = {@code legacy.db.user}
     * @param password password (env {@code FICUS_DB_PASSWORD}); empty = {@code legacy.db.password} when the
     *                 database is the legacy one
     * @param schema   Ficus's schema, a lower-case SQL identifier (default {@code ficus})
     */
    @ConfigurationProperties("ficus-db")
    public record FicusDatabaseProperties(String url, String user, String password, String schema) {
    }

    /**
     * @return a pool whose connections use {@code search_path = <schema>}
     * @throws StartupCheckException when {@code FICUS_DB_URL} is set and that database is unreachable
     */
    @Bean(name = "ficusDataSource", destroyMethod = "close")
    @Primary
    @FlywayDataSource
    HikariDataSource ficusDataSource(LegacyDatabase legacy, LegacyDatabaseProperties legacyProperties,
                                     FicusDatabaseProperties properties) {
        String url = properties.url();
        String user = properties.user();
        String password = properties.password();
        String legacyPassword = legacyProperties.password();
        String schema = properties.schema();
        long connectTimeoutMs = legacyProperties.connectTimeoutMs();
        boolean own = url != null && !url.isBlank();
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("ficus");
        ds.setJdbcUrl(own ? url : legacy.jdbcUrl());
        ds.setUsername(user == null || user.isBlank() ? legacy.user() : user);
        String pw = own ? password : (password == null || password.isBlank() ? legacyPassword : password);
        if (pw != null && !pw.isEmpty()) {
            ds.setPassword(pw);
        }
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new StartupCheckException("ficus-db.schema must be a lower-case SQL identifier: " + schema);
        }
        ds.setConnectionInitSql("SET search_path TO " + schema);
        ds.setConnectionTimeout(Math.max(250, connectTimeoutMs));
        ds.setMaximumPoolSize(10);
        if (own) {
            try (var c = ds.getConnection()) {
                c.isValid(1);
            } catch (java.sql.SQLException e) {
                ds.close();
                throw new StartupCheckException("Ficus database at " + url + " is unreachable: " + e.getMessage(), e);
            }
        }
        return ds;
    }
}
