package dev.ficus.cdc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which columns PostgreSQL really writes to the WAL for a row's old image (the {@code before} of a delete or update),
 * from the table's {@code REPLICA IDENTITY} (PostgreSQL documentation, ALTER TABLE ... REPLICA IDENTITY):
 * {@code DEFAULT} the primary key's columns, {@code USING INDEX} that index's columns, {@code FULL} every column,
 * {@code NOTHING} none. Debezium fills the other, absent columns of its {@code before} struct with defaults
 * ({@code ""}, {@code 0}, a column default), so the capture keeps only these.
 *
 * <p>Looked up in {@code pg_class}/{@code pg_index} on first use and cached for a minute per table, so an
 * {@code ALTER TABLE ... REPLICA IDENTITY} is followed.
 */
interface ReplicaIdentity {

    /** Every column is in the old image: what a table with {@code REPLICA IDENTITY FULL} (or unknown) gets. */
    ReplicaIdentity FULL = table -> Optional.empty();

    /**
     * @param table {@code schema.table}
     * @return the columns of the old image, or empty when the image holds every column ({@code FULL})
     */
    Optional<Set<String>> oldImageColumns(String table);

    /**
     * @param legacy the legacy database
     * @return the identity read from the database's catalogue; a table that cannot be looked up counts as
     *     {@code FULL} (nothing is removed)
     */
    static ReplicaIdentity of(DataSource legacy) {
        Cache<String, Optional<Set<String>>> cache = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();
        return table -> cache.get(table, t -> lookUp(legacy, t));
    }

    private static Optional<Set<String>> lookUp(DataSource legacy, String table) {
        String sql = """
                SELECT c.relreplident, ARRAY(
                  SELECT a.attname::text FROM pg_index i
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                  WHERE i.indrelid = c.oid
                    AND ((c.relreplident = 'd' AND i.indisprimary) OR (c.relreplident = 'i' AND i.indisreplident)))
                FROM pg_class c WHERE c.oid = ?::regclass""";
        try (Connection c = legacy.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || "f".equals(rs.getString(1))) {
                    return Optional.empty();
                }
                if ("n".equals(rs.getString(1))) {
                    return Optional.of(Set.of());
                }
                Array columns = rs.getArray(2);
                return Optional.of(new LinkedHashSet<>(Arrays.asList((String[]) columns.getArray())));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
