package dev.ficus.playground;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Loads the Northwind sample database (the legacy RetailCore schema) into an empty PostgreSQL database.
 *
 * <p>The script is {@code adapters/retailcore/db/northwind.sql}: the PostgreSQL port of Microsoft's Northwind
 * (Ms-PL, licence beside the file). It creates 14 tables in {@code public} with primary keys and 3,362 rows.
 * Only the embedded playground database and test databases are seeded; an external legacy database given by
 * {@code LEGACY_DB_URL} is always used as is.
 */
public final class NorthwindSeeder {

    /** Default location of the Northwind script, relative to the working directory. */
    public static final Path DEFAULT_SCRIPT = Path.of("adapters", "retailcore", "db", "northwind.sql");

    private static final Logger log = LoggerFactory.getLogger(NorthwindSeeder.class);

    private NorthwindSeeder() {
    }

    /**
     * Seeds the database behind {@code dataSource} unless it already holds the {@code products} table.
     *
     * @param dataSource the legacy database; must be reachable
     * @param script     the Northwind SQL script (UTF-8)
     * @return {@code true} when the script ran, {@code false} when the database was already seeded
     * @throws IllegalStateException when the script is missing or a statement fails (the message names the script)
     */
    public static boolean seedIfEmpty(DataSource dataSource, Path script) {
        try (Connection connection = dataSource.getConnection()) {
            if (hasProductsTable(connection)) {
                return false;
            }
            if (!Files.isReadable(script)) {
                throw new IllegalStateException("Northwind script not readable: " + script.toAbsolutePath());
            }
            long started = System.nanoTime();
            ScriptUtils.executeSqlScript(connection,
                    new EncodedResource(new FileSystemResource(script), StandardCharsets.UTF_8));
            log.info("Seeded legacy database with Northwind from {} in {} ms", script,
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed Northwind from " + script + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasProductsTable(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "public", "products", new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
