package dev.ficus.platform;

import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Ficus's own database: offsets, idempotency keys, migration states. Always the schema {@code ficus-db.schema}
 * (default {@code ficus}), never the legacy schema; Flyway migrates it from {@code classpath:db/migration} at
 * start-up.
 *
 * <p>{@code ficus-db.url} (env {@code FICUS_DB_URL}) empty means the same PostgreSQL database as the legacy one
 * (embedded or {@code LEGACY_DB_URL}), in its own schema; production should give Ficus a database of its own.
 * This is the primary {@code DataSource} ({@code ficusDataSource}); the legacy one is {@code legacyDataSource}.
 */
@Configuration(proxyBeanMethods = false)
public class FicusDatabaseConfiguration {

    /**
     * @return a pool whose connections use {@code search_path = <schema>}
     * @throws StartupCheckException when {@code FICUS_DB_URL} is set and that database is unreachable
     */
    @Bean(name = "ficusDataSource", destroyMethod = "close")
    @Primary
    @FlywayDataSource
    HikariDataSource ficusDataSource(LegacyDatabase legacy,
                                     @Value("${ficus-db.url}") String url,
                                     @Value("${ficus-db.user}") String user,
                                     @Value("${ficus-db.password}") String password,
                                     @Value("${legacy.db.password}") String legacyPassword,
                                     @Value("${ficus-db.schema}") String schema,
                                     @Value("${legacy.db.connect-timeout-ms}") long connectTimeoutMs) {
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
