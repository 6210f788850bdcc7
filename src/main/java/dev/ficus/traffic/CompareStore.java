package dev.ficus.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shadow comparison rules changed through the admin API, in Ficus's schema ({@code traffic_compare_rules} of
 * {@code V52}), shared by every replica. Each change is one transaction, like a state change
 * ({@link TrafficStateStore#change}): the route's row is created if missing and locked, the expected version
 * checked, the row updated and an audit row written to {@code traffic_audit} (actor, reason, kind
 * {@value #SET}, {@value #RESET} or {@value #NOISE}, the rules before and after as compact JSON). Errors are
 * Spring's {@code DataAccessException}s, or {@link TrafficException}s as stated.
 */
final class CompareStore {

    /** Audit kind: rules set through the admin API. */
    static final String SET = "COMPARE_SET";
    /** Audit kind: back to the routes file's rules. */
    static final String RESET = "COMPARE_RESET";
    /** Audit kind: learned noise forgotten on every replica. */
    static final String NOISE = "NOISE_RESET";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    /**
     * @param states the route states' store: this one uses its database
     * @param json   Spring's mapper, for the rules column and the audit's JSON
     */
    CompareStore(TrafficStateStore states, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(states.dataSource());
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(states.dataSource()));
        this.json = json;
    }

    /** @return every route's stored row (routes without one use their file's rules) */
    List<RouteCompare> loadAll() {
        return jdbc.query("SELECT * FROM traffic_compare_rules ORDER BY route_id", this::row);
    }

    /** @return the route's stored row, if it has one */
    Optional<RouteCompare> load(String routeId) {
        return jdbc.query("SELECT * FROM traffic_compare_rules WHERE route_id = ?", this::row, routeId).stream()
                .findFirst();
    }

    /**
     * Sets (or, with {@code rules == null}, removes) a route's rules set through the admin API.
     *
     * @param fileRules       the routes file's rules (what applies without a row, and after a removal)
     * @param rules           the new rules; {@code null}: back to {@code fileRules}
     * @param expectedVersion the version the caller read; {@code null}: whatever it is now
     * @return the new row; the current one, unchanged and not audited, when {@code rules} are already the route's
     *         (the same rules set again, or a removal when the file's rules apply)
     * @throws TrafficException 409 when {@code expectedVersion} is not the current version
     */
    RouteCompare change(String routeId, TrafficRoute.CompareRules fileRules, TrafficRoute.CompareRules rules,
                        String actor, String reason, Long expectedVersion) {
        return tx.execute(status -> {
            RouteCompare current = locked(routeId);
            if (expectedVersion != null && expectedVersion != current.version()) {
                throw new TrafficException(409, "Stale compare rules", "the rules of route " + routeId
                        + " are at version " + current.version() + ", not " + expectedVersion + " (changed by "
                        + current.updatedBy() + " at " + current.updatedAt() + "): read them again");
            }
            if (java.util.Objects.equals(current.rules(), rules)) {
                return current;   // nothing changes: no new version (a colleague's expectedVersion holds), no audit
            }
            TrafficRoute.CompareRules before = current.rules() == null ? fileRules : current.rules();
            jdbc.update("UPDATE traffic_compare_rules SET rules = ?::jsonb, version = version + 1, updated_at = now(), "
                    + "updated_by = ?, reason = ? WHERE route_id = ?", rules == null ? null : write(rules), actor,
                    reason, routeId);
            audit(routeId, actor, rules == null ? RESET : SET, write(before),
                    write(rules == null ? fileRules : rules), reason);
            return load(routeId).orElseThrow();
        });
    }

    /**
     * Forgets the learned noise on every replica (each clears its own when it sees the new epoch).
     *
     * @param learned this replica's learned paths, for the audit's "before"
     * @return the new row
     */
    RouteCompare forgetNoise(String routeId, Collection<String> learned, String actor, String reason) {
        return tx.execute(status -> {
            locked(routeId);
            jdbc.update("UPDATE traffic_compare_rules SET noise_epoch = noise_epoch + 1 WHERE route_id = ?", routeId);
            audit(routeId, actor, NOISE, write(learned.stream().sorted().toList()), "[]", reason);
            return load(routeId).orElseThrow();
        });
    }

    private RouteCompare locked(String routeId) {
        jdbc.update("INSERT INTO traffic_compare_rules (route_id) VALUES (?) ON CONFLICT (route_id) DO NOTHING",
                routeId);
        return jdbc.query("SELECT * FROM traffic_compare_rules WHERE route_id = ? FOR UPDATE", this::row, routeId)
                .get(0);
    }

    private void audit(String routeId, String actor, String kind, String from, String to, String reason) {
        jdbc.update("INSERT INTO traffic_audit (route_id, changed_by, kind, from_detail, to_detail, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?)", routeId, actor, kind, from, to, reason);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("compare rules not writable as JSON", e);
        }
    }

    private RouteCompare row(ResultSet rs, int i) throws SQLException {
        String rules = rs.getString("rules");
        Timestamp at = rs.getTimestamp("updated_at");
        try {
            return new RouteCompare(rs.getString("route_id"),
                    rules == null ? null : json.readValue(rules, TrafficRoute.CompareRules.class),
                    rs.getLong("version"), rs.getLong("noise_epoch"), at == null ? null : at.toInstant(),
                    rs.getString("updated_by"), rs.getString("reason"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("traffic_compare_rules.rules of " + rs.getString("route_id")
                    + " is not compare rules: " + e.getOriginalMessage(), e);
        }
    }
}
