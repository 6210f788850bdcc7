package dev.ficus.cdc;

import dev.ficus.platform.StartupCheckException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Start-up checks of the legacy database before the capture starts: every captured table exists and can be
 * captured (a primary key, or {@code REPLICA IDENTITY FULL} / {@code USING INDEX}), and the signal table exists.
 * A table without either would make PostgreSQL refuse its own updates and deletes once it is in a publication.
 */
final class LegacyCaptureCheck {

    private LegacyCaptureCheck() {
    }

    /**
     * @param legacy      the legacy database
     * @param jdbcUrl     its URL, for messages
     * @param tables      {@code schema.table} names to capture
     * @param signalTable {@code schema.table} of the signal table
     * @throws StartupCheckException naming the first table that fails, with the fix
     */
    static void check(DataSource legacy, String jdbcUrl, List<String> tables, String signalTable) {
        try (Connection c = legacy.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i "
                     + "WHERE i.indrelid = c.oid AND i.indisprimary) FROM pg_class c JOIN pg_namespace n "
                     + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            for (String table : tables) {
                String[] parts = split(table);
                st.setString(1, parts[0]);
                st.setString(2, parts[1]);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw new StartupCheckException("change data capture: table " + table + " (cdc.tables) does "
                                + "not exist in the legacy database " + jdbcUrl);
                    }
                    String identity = rs.getString(1);
                    boolean primaryKey = rs.getBoolean(2);
                    if (!primaryKey && !"f".equals(identity) && !"i".equals(identity)) {
                        throw new StartupCheckException("change data capture: table " + table + " has no primary key "
                                + "and no REPLICA IDENTITY FULL, so its updates and deletes cannot be captured; add a "
                                + "primary key or run ALTER TABLE " + table + " REPLICA IDENTITY FULL, or remove it "
                                + "from cdc.tables");
                    }
                }
            }
            String[] signal = split(signalTable);
            st.setString(1, signal[0]);
            st.setString(2, signal[1]);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new StartupCheckException("change data capture: signal table " + signalTable + " does not "
                            + "exist in the legacy database " + jdbcUrl + " (Flyway creates it in Ficus's schema, "
                            + "which is elsewhere when FICUS_DB_URL is set; create it there with: CREATE TABLE "
                            + signalTable + " (id VARCHAR(64) PRIMARY KEY, type VARCHAR(32) NOT NULL, data TEXT))");
                }
            }
        } catch (SQLException e) {
            throw new StartupCheckException("change data capture: cannot inspect the legacy database " + jdbcUrl + ": "
                    + e.getMessage(), e);
        }
    }

    static String[] split(String table) {
        int dot = table.indexOf('.');
        if (dot <= 0 || dot == table.length() - 1) {
            throw new StartupCheckException("change data capture: table name " + table + " must be schema.table");
        }
        return new String[] {table.substring(0, dot), table.substring(dot + 1)};
    }
}
