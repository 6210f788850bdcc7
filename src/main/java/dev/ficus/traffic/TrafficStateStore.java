package dev.ficus.traffic;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Route states, their audit trail and legacy call counts in Ficus's own schema (tables of {@code V30}), shared
 * by every replica. Each change is one transaction: the row is locked, the change checked, the row updated and
 * an audit row written.
 */
public class TrafficStateStore {

    /**
     * One audit row: who changed what, when, from which state to which, and why. For a change of the comparison
     * rules ({@code kind} {@code COMPARE_SET}, {@code COMPARE_RESET} or {@code NOISE_RESET}, see
     * {@link CompareStore}) {@code from} and {@code to} are the rules (or learned noise paths) before and after, as
     * compact JSON.
     */
    public record AuditEntry(long id, String routeId, Instant changedAt, String changedBy, String kind,
                             String from, String to, String reason) {
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    /** @param dataSource Ficus's own database, {@code search_path} on its schema */
    public TrafficStateStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** @return the database of the states: a transaction on it joins (or is joined by) {@link #change} */
    DataSource dataSource() {
        return dataSource;
    }

    /** Inserts the declared initial state of every route that has no row yet (audited as {@code INITIAL}). */
    public void seed(Map<String, TrafficRoute> routes) {
        routes.forEach((id, route) -> tx.executeWithoutResult(status -> {
            int inserted = jdbc.update("INSERT INTO traffic_route_state (route_id, state, percent, version, "
                    + "last_change_kind, updated_by) VALUES (?, ?, 0, 1, 'INITIAL', 'config') "
                    + "ON CONFLICT (route_id) DO NOTHING", id, route.initialState().name());
            if (inserted == 1) {
                jdbc.update("INSERT INTO traffic_audit (route_id, changed_by, kind, to_state, to_percent, reason) "
                        + "VALUES (?, 'config', 'INITIAL', ?, 0, 'initial state from the traffic routes file')",
                        id, route.initialState().name());
            }
        }));
    }

    /** @return every stored route state */
    public List<RouteState> loadAll() {
        return jdbc.query("SELECT * FROM traffic_route_state ORDER BY route_id", TrafficStateStore::state);
    }

    /** @return the stored state of one route, if any */
    public Optional<RouteState> load(String routeId) {
        return jdbc.query("SELECT * FROM traffic_route_state WHERE route_id = ?", TrafficStateStore::state, routeId)
                .stream().findFirst();
    }

    /**
     * Changes a route's state after checking it ({@link Transitions#check}); gates pass the version they judged
     * so a change made meanwhile (by a person or another replica) wins.
     *
     * @param expectedVersion for gates: change only if the row still has this version; {@code null} for people
     * @param kind            {@code MANUAL}, {@code ROLLBACK} or {@code ADVANCE}
     * @return the new state (the current one, unchanged and not audited, when it already is the target), or empty
     *         when {@code expectedVersion} no longer matches
     * @throws TrafficException 404 unknown route, 400/409 invalid change
     */
    public Optional<RouteState> change(String routeId, TrafficRoute route, MigrationState to, Integer percent,
                                       String actor, String kind, String reason, Long expectedVersion) {
        return tx.execute(status -> {
            RouteState current = jdbc.query("SELECT * FROM traffic_route_state WHERE route_id = ? FOR UPDATE",
                    TrafficStateStore::state, routeId).stream().findFirst()
                    .orElseThrow(() -> TrafficException.unknownRoute(routeId));
            if (expectedVersion != null && current.version() != expectedVersion) {
                return Optional.<RouteState>empty();
            }
            Transitions.Target target = "MANUAL".equals(kind)
                    ? Transitions.check(route, current.state(), to, percent)
                    : new Transitions.Target(to, percent == null ? 0 : percent);
            if (target.state() == current.state() && target.percent() == current.percent()) {
                return Optional.of(current);   // nothing changes: no new version (gate windows kept), no audit entry
            }
            jdbc.update("UPDATE traffic_route_state SET state = ?, percent = ?, version = version + 1, "
                    + "last_change_kind = ?, updated_at = now(), updated_by = ? WHERE route_id = ?",
                    target.state().name(), target.percent(), kind, actor, routeId);
            jdbc.update("INSERT INTO traffic_audit (route_id, changed_by, kind, from_state, from_percent, to_state, "
                    + "to_percent, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", routeId, actor, kind,
                    current.state().name(), current.percent(), target.state().name(), target.percent(), reason);
            return load(routeId);
        });
    }

    /** @return the newest {@code limit} audit rows of a route, newest first */
    public List<AuditEntry> audit(String routeId, int limit) {
        return jdbc.query("SELECT * FROM traffic_audit WHERE route_id = ? ORDER BY id DESC LIMIT ?",
                (rs, i) -> new AuditEntry(rs.getLong("id"), rs.getString("route_id"),
                        rs.getTimestamp("changed_at").toInstant(), rs.getString("changed_by"), rs.getString("kind"),
                        detail(rs, "from"), detail(rs, "to"), rs.getString("reason")),
                routeId, limit);
    }

    /** Adds {@code calls} legacy calls of a route to the minute containing {@code at}. */
    public void addLegacyCalls(String routeId, Instant at, long calls) {
        jdbc.update("INSERT INTO traffic_legacy_calls (route_id, minute, calls) VALUES (?, ?, ?) "
                + "ON CONFLICT (route_id, minute) DO UPDATE SET calls = traffic_legacy_calls.calls + EXCLUDED.calls",
                routeId, Timestamp.from(at.truncatedTo(ChronoUnit.MINUTES)), calls);
    }

    /** @return legacy calls of a route, all replicas, in the minutes from the one containing {@code since} on */
    public long legacyCallsSince(String routeId, Instant since) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(calls), 0) FROM traffic_legacy_calls WHERE route_id = ? "
                + "AND minute >= ?", Long.class, routeId, Timestamp.from(since.truncatedTo(ChronoUnit.MINUTES)));
        return n == null ? 0 : n;
    }

    /** @return a change's side: the rules (compare changes, {@code <side>_detail}) or the state's label */
    private static String detail(ResultSet rs, String side) throws SQLException {
        String detail = rs.getString(side + "_detail");
        return detail != null ? detail : label(rs.getString(side + "_state"), rs.getInt(side + "_percent"));
    }

    private static String label(String state, int percent) {
        return state == null ? null : "CANARY".equals(state) ? "CANARY(" + percent + "%)" : state;
    }

    static RouteState state(ResultSet rs, int row) throws SQLException {
        return new RouteState(rs.getString("route_id"), MigrationState.valueOf(rs.getString("state")),
                rs.getInt("percent"), rs.getLong("version"), rs.getString("last_change_kind"),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }
}
