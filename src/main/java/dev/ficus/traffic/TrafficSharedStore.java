package dev.ficus.traffic;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the replicas share besides the states (tables of {@code V50} in Ficus's schema): every replica's
 * per-second gate counts per route and state version ({@code traffic_window}), whose sum the gates judge, and the
 * recent shadow mismatches per route ({@code traffic_shadow_diff}), which the admin API lists. Errors are Spring's
 * {@code DataAccessException}s.
 */
final class TrafficSharedStore {

    private static final String UPSERT_BUCKET = "INSERT INTO traffic_window (route_id, version, second_epoch, "
            + "replica_id, modern_calls, modern_errors, comparisons, mismatches, legacy_calls) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (route_id, version, second_epoch, replica_id) "
            + "DO UPDATE SET modern_calls = EXCLUDED.modern_calls, modern_errors = EXCLUDED.modern_errors, "
            + "comparisons = EXCLUDED.comparisons, mismatches = EXCLUDED.mismatches, "
            + "legacy_calls = EXCLUDED.legacy_calls";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    /** @param dataSource Ficus's own database, {@code search_path} on its schema */
    TrafficSharedStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Sets one replica's counts of a route's buckets (absolute values: writing the same bucket again replaces it,
     * so a retry never counts twice). One batch.
     *
     * @param version the route state version the calls were counted under
     * @param buckets seconds (Unix time, s) and their counts
     */
    void putBuckets(String routeId, long version, String replicaId, List<RouteWindow.Bucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_BUCKET, buckets, buckets.size(), (ps, b) -> {
            RouteWindow.Totals c = b.counts();
            ps.setString(1, routeId);
            ps.setLong(2, version);
            ps.setLong(3, b.second());
            ps.setString(4, replicaId);
            ps.setLong(5, c.modernCalls());
            ps.setLong(6, c.modernErrors());
            ps.setLong(7, c.comparisons());
            ps.setLong(8, c.mismatches());
            ps.setLong(9, c.legacyCalls());
        });
    }

    /**
     * @param version    the route state version judged: only calls counted under it
     * @param fromSecond the window's first second (Unix time, s), inclusive
     * @return the sum over every replica's buckets of the route; zeros when there are none
     */
    RouteWindow.Totals totals(String routeId, long version, long fromSecond) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(modern_calls), 0), COALESCE(SUM(modern_errors), 0), "
                + "COALESCE(SUM(comparisons), 0), COALESCE(SUM(mismatches), 0), COALESCE(SUM(legacy_calls), 0) "
                + "FROM traffic_window WHERE route_id = ? AND version = ? AND second_epoch >= ?",
                (rs, i) -> new RouteWindow.Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)), routeId, version, fromSecond);
    }

    /** Deletes every replica's buckets of seconds before {@code beforeSecond} (Unix time, s). @return rows deleted */
    int pruneBuckets(long beforeSecond) {
        return jdbc.update("DELETE FROM traffic_window WHERE second_epoch < ?", beforeSecond);
    }

    /**
     * Adds mismatches of a route and deletes all but its newest {@code max} (by comparison time, then insertion),
     * in one transaction.
     *
     * @param diffs oldest first
     */
    void addDiffs(String routeId, String replicaId, List<ShadowDiff> diffs, int max) {
        if (diffs.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            jdbc.batchUpdate("INSERT INTO traffic_shadow_diff (route_id, replica_id, compared_at, request_id, "
                    + "method, uri, business_key, legacy_answer, modern_status, modern_answer, paths) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", diffs, diffs.size(), (ps, d) -> {
                        ps.setString(1, routeId);
                        ps.setString(2, replicaId);
                        ps.setTimestamp(3, Timestamp.from(d.at()));
                        ps.setString(4, d.requestId());
                        ps.setString(5, d.method());
                        ps.setString(6, d.uri());
                        ps.setString(7, d.key());
                        ps.setString(8, d.legacyAnswer());
                        ps.setInt(9, d.modernStatus());
                        ps.setString(10, d.modernAnswer());
                        ps.setArray(11, ps.getConnection().createArrayOf("text", d.paths().toArray()));
                    });
            jdbc.update("DELETE FROM traffic_shadow_diff WHERE route_id = ? AND id NOT IN (SELECT id FROM "
                    + "traffic_shadow_diff WHERE route_id = ? ORDER BY compared_at DESC, id DESC LIMIT ?)",
                    routeId, routeId, Math.max(0, max));
        });
    }

    /** @return the route's newest {@code limit} mismatches of all replicas, newest first */
    List<ShadowDiff> diffs(String routeId, int limit) {
        return jdbc.query("SELECT * FROM traffic_shadow_diff WHERE route_id = ? ORDER BY compared_at DESC, id DESC "
                + "LIMIT ?", TrafficSharedStore::diff, routeId, Math.max(0, limit));
    }

    private static ShadowDiff diff(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("paths");
        List<String> paths = List.of((String[]) array.getArray());
        array.free();
        return new ShadowDiff(rs.getTimestamp("compared_at").toInstant(), rs.getString("request_id"),
                rs.getString("method"), rs.getString("uri"), rs.getString("business_key"),
                rs.getString("legacy_answer"), rs.getInt("modern_status"), rs.getString("modern_answer"),
                paths);
    }
}
