package dev.ficus.cdc;

import dev.ficus.testsupport.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * Loads Pagila (src/test/resources/pagila, MIT-style licence beside it) into a fresh test database: the schema as
 * one simple-protocol script, the data through COPY, as pg_dump wrote them.
 */
final class Pagila {

    private static final Path DIR = Path.of("src/test/resources/pagila");

    private Pagila() {
    }

    static TestPostgres.Database newDatabase(String prefix) {
        TestPostgres.Database db = TestPostgres.newEmptyDatabase(prefix);
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute(Files.readString(DIR.resolve("pagila-schema.sql"), StandardCharsets.UTF_8));
            }
            loadData(c, Files.readString(DIR.resolve("pagila-data.sql"), StandardCharsets.UTF_8));
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_catalog.set_config('search_path', 'public', false)");
            }
            return db;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot load Pagila into " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static void loadData(Connection c, String script) throws IOException, SQLException {
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder statement = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new StringReader(script))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
                    StringBuilder rows = new StringBuilder();
                    for (String row = lines.readLine(); row != null && !row.equals("\\."); row = lines.readLine()) {
                        rows.append(row).append('\n');
                    }
                    copy.copyIn(line.substring(0, line.length() - 1), new StringReader(rows.toString()));
                } else if (!line.startsWith("--") && !line.isBlank()) {
                    statement.append(line).append('\n');
                    if (line.endsWith(";")) {
                        try (Statement st = c.createStatement()) {
                            st.execute(statement.toString());
                        }
                        statement.setLength(0);
                    }
                }
            }
        }
    }
}
