package dev.ficus.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Planned rollouts and their history in Ficus's schema (tables of {@code V51}), shared by every replica. A plan's
 * change and the route's state change it makes ({@link TrafficStateStore#change}, audited in {@code traffic_audit})
 * are one transaction, made only if the plan's row still has the version the change was decided on and the route
 * still has the plan's state version: two replicas judging the same step never apply it twice. Errors are Spring's
 * {@code DataAccessException}s, or {@link TrafficException}s as stated.
 */
final class RolloutStore {

    /**
     * A stored history entry: the admin API's {@code history[]} member and one CloudEvent.
     *
     * @param id      the row id (unique; the CloudEvent id is derived from it)
     * @param at      when (database time)
     * @param actor   the authenticated principal, or {@code ficus-gates}
     * @param event   see {@link RolloutSteps.Event#name}
     * @param percent the route's modern share after it, %
     * @param reason  why
     */
    record Entry(long id, Instant at, String actor, String event, int percent, String reason) {
    }

    /** A plan after a change, the route's new state ({@code null} when it stayed) and the entries recorded. */
    record Changed(Rollout rollout, RouteState state, List<Entry> entries) {
    }

    /** An active plan and its route's stored state. */
    record Active(Rollout rollout, RouteState state) {
    }

    private static final TypeReference<List<RolloutStep>> STEPS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TrafficStateStore states;
    private final ObjectMapper json;

    /**
     * @param states the route states, on Ficus's own database (this store uses the same data source, so a state
     *               change joins this store's transaction)
     * @param json   Spring's mapper, for the steps column
     */
    RolloutStore(TrafficStateStore states, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(states.dataSource());
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(states.dataSource()));
        this.states = states;
        this.json = json;
    }

    /** @return the route's newest plan, if it ever had one */
    Optional<Rollout> latest(String routeId) {
        return jdbc.query("SELECT * FROM traffic_rollout WHERE route_id = ? ORDER BY id DESC LIMIT 1", this::rollout,
                routeId).stream().findFirst();
    }

    /** @return every running or paused plan by route id, with its route's stored state */
    Map<String, Active> active() {
        Map<String, Active> active = new LinkedHashMap<>();
        jdbc.query("SELECT r.*, s.state AS s_state, s.percent AS s_percent, s.version AS s_version, "
                + "s.last_change_kind AS s_kind, s.updated_at AS s_updated_at, s.updated_by AS s_updated_by "
                + "FROM traffic_rollout r JOIN traffic_route_state s ON s.route_id = r.route_id "
                + "WHERE r.status IN ('RUNNING', 'PAUSED') ORDER BY r.route_id", rs -> {
                    Rollout r = rollout(rs, 0);
                    active.put(r.routeId(), new Active(r, new RouteState(r.routeId(),
                            MigrationState.valueOf(rs.getString("s_state")), rs.getInt("s_percent"),
                            rs.getLong("s_version"), rs.getString("s_kind"),
                            rs.getTimestamp("s_updated_at").toInstant(), rs.getString("s_updated_by"))));
                });
        return active;
    }

    /** @return the plan's history, oldest first */
    List<Entry> history(long rolloutId) {
        return jdbc.query("SELECT * FROM traffic_rollout_event WHERE rollout_id = ? ORDER BY id",
                (rs, i) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("event"), rs.getInt("percent"), rs.getString("reason")), rolloutId);
    }

    /**
     * Starts a plan: the route goes to the first step's CANARY (a person's change, checked by
     * {@link Transitions#check}) and the plan is stored with its first entries.
     *
     * @param move {@link RolloutSteps#start} of {@code steps}
     * @throws TrafficException 404 unknown route; 409 when a plan is running or paused, the route is MODERN or
     *                          RETIRED already, it is in CANARY at a share above the first step's (the plan would
     *                          send keys back to legacy), or it may not skip from LEGACY to CANARY
     */
    Changed start(String routeId, TrafficRoute route, List<RolloutStep> steps, RolloutSteps.Move move,
                  String actor) {
        return tx.execute(status -> {
            RouteState locked = lockRoute(routeId);
            latest(routeId).filter(r -> r.status().active()).ifPresent(r -> {
                throw RolloutSteps.conflict("route " + routeId + " has a " + r.status().tag() + " rollout (at "
                        + r.stepLabel(r.currentStep()) + "); abort it first");
            });
            if (locked.state() == MigrationState.MODERN || locked.state() == MigrationState.RETIRED) {
                throw RolloutSteps.conflict("route " + routeId + " is " + locked.label() + " already; a rollout "
                        + "moves a route from LEGACY, SHADOW or CANARY to MODERN");
            }
            if (locked.state() == MigrationState.CANARY && steps.get(0).percent() < locked.percent()) {
                throw RolloutSteps.conflict("route " + routeId + " serves " + locked.percent() + " % of its keys "
                        + "from the modern side; a plan starting at " + steps.get(0).percent() + " % would send "
                        + "some back to legacy: start with steps from " + locked.percent() + " % up");
            }
            RouteState changed = changeState(routeId, route, move, actor, locked.version()).orElseThrow();
            Long id = jdbc.queryForObject("INSERT INTO traffic_rollout (route_id, status, steps, current_step, "
                    + "state_version, reason, started_by) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?) RETURNING id",
                    Long.class, routeId, move.status().name(), write(steps), move.step(), changed.version(),
                    move.reason(), actor);
            List<Entry> entries = record(id, routeId, move, actor);
            return new Changed(load(id), changed, entries);
        });
    }

    /**
     * Makes a decided move, with the route's state change when it has one.
     *
     * @param decidedOn the plan the move was decided on
     * @return the change, or empty when the plan's row or the route's state changed since (nothing is written)
     * @throws TrafficException 400/409 when a person's state change is refused ({@link Transitions#check})
     */
    Optional<Changed> apply(Rollout decidedOn, TrafficRoute route, RolloutSteps.Move move, String actor) {
        return tx.execute(status -> {
            RouteState locked = lockRoute(decidedOn.routeId());
            Rollout current = jdbc.query("SELECT * FROM traffic_rollout WHERE id = ? FOR UPDATE", this::rollout,
                    decidedOn.id()).stream().findFirst().orElseThrow();
            if (current.version() != decidedOn.version()) {
                return Optional.<Changed>empty();
            }
            RouteState changed = null;
            if (move.target() != null) {
                if (locked.version() != current.stateVersion()) {
                    return Optional.<Changed>empty();
                }
                changed = changeState(current.routeId(), route, move, actor, locked.version()).orElseThrow();
            }
            jdbc.update("UPDATE traffic_rollout SET status = ?, current_step = ?, step_started_at = CASE WHEN ? "
                    + "THEN now() ELSE step_started_at END, state_version = ?, reason = ?, version = version + 1, "
                    + "updated_at = now() WHERE id = ?", move.status().name(), move.step(), move.newStep(),
                    changed == null ? current.stateVersion() : changed.version(), move.reason(), current.id());
            List<Entry> entries = record(current.id(), current.routeId(), move, actor);
            return Optional.of(new Changed(load(current.id()), changed, entries));
        });
    }

    private Optional<RouteState> changeState(String routeId, TrafficRoute route, RolloutSteps.Move move,
                                             String actor, long expectedVersion) {
        return states.change(routeId, route, move.target().state(), move.target().state() == MigrationState.CANARY
                ? move.target().percent() : null, actor, move.kind(), "rollout: " + move.cause(), expectedVersion);
    }

    private RouteState lockRoute(String routeId) {
        return jdbc.query("SELECT * FROM traffic_route_state WHERE route_id = ? FOR UPDATE",
                TrafficStateStore::state, routeId).stream().findFirst()
                .orElseThrow(() -> TrafficException.unknownRoute(routeId));
    }

    private List<Entry> record(long rolloutId, String routeId, RolloutSteps.Move move, String actor) {
        List<Entry> entries = new ArrayList<>();
        for (RolloutSteps.Event e : move.events()) {
            entries.add(jdbc.queryForObject("INSERT INTO traffic_rollout_event (rollout_id, route_id, actor, event, "
                    + "percent, reason) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, at", (rs, i) -> new Entry(
                            rs.getLong("id"), rs.getTimestamp("at").toInstant(), actor, e.name(), e.percent(),
                            e.reason()), rolloutId, routeId, actor, e.name(), e.percent(), e.reason()));
        }
        return entries;
    }

    private Rollout load(long id) {
        return jdbc.queryForObject("SELECT * FROM traffic_rollout WHERE id = ?", this::rollout, id);
    }

    private Rollout rollout(ResultSet rs, int row) throws SQLException {
        try {
            return new Rollout(rs.getLong("id"), rs.getString("route_id"),
                    Rollout.Status.valueOf(rs.getString("status")), json.readValue(rs.getString("steps"), STEPS),
                    rs.getInt("current_step"), rs.getTimestamp("step_started_at").toInstant(),
                    rs.getLong("state_version"), rs.getString("reason"), rs.getLong("version"));
        } catch (JsonProcessingException e) {
            throw new SQLException("traffic_rollout " + rs.getLong("id") + " has unreadable steps", e);
        }
    }

    private String write(List<RolloutStep> steps) {
        try {
            return json.writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write rollout steps", e);
        }
    }
}
