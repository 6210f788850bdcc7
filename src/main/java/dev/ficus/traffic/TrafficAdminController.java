package dev.ficus.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ficus.platform.web.JsonBodies;
import dev.ficus.platform.web.QueryParameters;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of traffic control, JSON in and out. Errors are {@link TrafficException}s (Spring's
 * {@code ErrorResponseException} with an RFC 9457 {@code ProblemDetail}), rendered as
 * {@code application/problem+json} ({@code type, title, status, detail, instance, requestId}) by the application's
 * one {@code @RestControllerAdvice}, like Spring MVC's own errors. A query parameter that is not a whole number
 * within its range ({@code limit}, {@code windowMs}) is answered 400 "Invalid parameter" naming it, the value and
 * the range ({@link QueryParameters}), never clamped.
 *
 * <ul>
 *   <li>{@code GET /admin/traffic/routes}: every declared route's view (below);</li>
 *   <li>{@code GET /admin/traffic/routes/{id}}: {@code routeId, state, percent, label, version, updatedAt,
 *       updatedBy, lastChangeKind}, the declaration ({@code modernBaseUrl, businessKey, allowSkip,
 *       modernSafeForWrites, shadowInCanary, gates}), and this replica's {@code window} (modern calls, errors,
 *       comparisons, mismatches, legacy calls and the rates over the gate window; the gates judge the sum of all
 *       replicas' windows), {@code fallbacks},
 *       {@code modernCircuit}, {@code compare} (the comparison rules in force: {@code ignorePaths, numericTolerance,
 *       unorderedArrays, caseInsensitivePaths, noiseLearning}), {@code compareOrigin} (where they come from:
 *       {@code source} {@code routes-file} or {@code admin}, {@code version, changedBy, changedAt, reason} of the
 *       last change through {@link TrafficCompareController}, which edits them), {@code learnedNoise} (this
 *       replica's paths ignored because legacy differs from itself);</li>
 *   <li>{@code PUT /admin/traffic/routes/{id}} with {@code {"state":"CANARY","percent":50,"reason":"..."}}:
 *       changes the state for every replica (200 with the new view); the audit trail names the authenticated
 *       principal (API key name, JWT {@code sub}, {@code admin-token}, or {@code loopback:<address>}), never a
 *       header the caller sets; 400 "Invalid change" for a body that is not such JSON, a missing reason, percent
 *       outside 0..100; 404 unknown route; 409 a skip the route does not allow; 401 without a principal (Spring
 *       Security answers 401/403 first on every {@code /admin/**} request without the role {@code operator});</li>
 *   <li>{@code GET /admin/traffic/routes/{id}/audit?limit=50}: changes, newest first ({@code id, changedAt,
 *       changedBy, kind, from, to, reason}), limit 1..{@value #MAX_AUDIT}; a change of the comparison rules has kind
 *       {@code COMPARE_SET}, {@code COMPARE_RESET} or {@code NOISE_RESET} and the rules as JSON in from/to;</li>
 *   <li>{@code GET /admin/traffic/routes/{id}/diffs}: the recent shadow mismatches of all replicas, newest first
 *       ({@link ShadowDiff}), at most {@code traffic.max-diffs-per-route}; the same answer on every replica (another
 *       replica's newest mismatches appear within its {@code traffic.gate-interval-ms});</li>
 *   <li>{@code GET /admin/traffic/routes/{id}/legacy-calls?windowMs=}: legacy calls of all replicas since the
 *       minute {@code windowMs} ago (default {@code traffic.retirement-window-ms}; 1 ms..ten years), with
 *       {@code safeToRetire = (legacyCalls == 0)}; counts reach the table every
 *       {@code traffic.legacy-calls-flush-ms}.</li>
 * </ul>
 * Planned rollouts of a route ({@code /admin/traffic/routes/{id}/rollout}): {@link TrafficRolloutController}.
 * Comparison rules ({@code /admin/traffic/routes/{id}/compare}, {@code .../learned-noise}):
 * {@link TrafficCompareController}.
 *
 * <p>Named interface {@code admin}: the migration console ({@code dev.ficus.console}) renders the answers of the
 * public read methods below, so it shows exactly what the admin API answers; its changes go through
 * {@code PUT /admin/traffic/routes/{id}} like everyone else's.
 */
@NamedInterface("admin")
@RestController
@RequestMapping(path = "/admin/traffic/routes", produces = MediaType.APPLICATION_JSON_VALUE)
public class TrafficAdminController {

    /** Longest window of {@code legacy-calls}, ms: ten years. */
    static final long MAX_WINDOW_MS = Duration.ofDays(3650).toMillis();
    /** Largest {@code limit} of {@code audit}. */
    static final int MAX_AUDIT = 1000;

    /**
     * Body of a change ({@code PUT}), JSON; unknown fields are ignored.
     *
     * @param state   the target state: LEGACY, SHADOW, CANARY, MODERN or RETIRED
     * @param percent for CANARY the modern share, 0..100; otherwise absent (or 100 with MODERN, 0 with LEGACY)
     * @param reason  why, kept in the audit trail; required
     */
    public record Change(MigrationState state, Integer percent, String reason) {
    }

    private final TrafficControl control;
    private final TrafficStates states;
    private final TrafficStateStore store;
    private final TrafficGates gates;
    private final TrafficProperties properties;
    private final ObjectMapper json;
    private final ObjectReader changeReader;

    TrafficAdminController(TrafficControl control, TrafficStates states, TrafficStateStore store, TrafficGates gates,
                           TrafficProperties properties, ObjectMapper json) {
        this.control = control;
        this.states = states;
        this.store = store;
        this.gates = gates;
        this.properties = properties;
        this.json = json;
        this.changeReader = JsonBodies.strict(json).readerFor(Change.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** @return {@code GET /admin/traffic/routes}: every declared route's view, in declaration order */
    @GetMapping
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        control.runtimes().forEach(rt -> out.add(view(rt)));
        return out;
    }

    /**
     * @param id a route id
     * @return {@code GET /admin/traffic/routes/{id}}: the route's view
     * @throws TrafficException 404 for an unknown route
     */
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable("id") String id) {
        return view(control.runtime(id));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable("id") String id, @RequestBody(required = false) String body,
                            Principal principal) {
        RouteRuntime rt = control.runtime(id);   // an unknown route is 404 whatever the body
        Change change = change(body);
        String user = actor(principal);
        String reason = TrafficReasons.required(change.reason(), "Invalid change");
        RouteState changed = store.change(id, rt.route, change.state(), change.percent(), user, "MANUAL",
                reason, null).orElseThrow();
        states.apply(changed);
        return view(rt);
    }

    /**
     * @return the audit trail's actor: the authenticated principal's name, stripped, at most 200 characters
     * @throws TrafficException 401 without a principal
     */
    static String actor(Principal principal) {
        if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
            throw new TrafficException(401, "Unauthenticated", "a change needs an authenticated principal "
                    + "(X-API-Key, Authorization: Bearer, or a loopback caller while operator has no credential)");
        }
        String name = principal.getName().strip();
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    /**
     * Reads the body strictly ({@link JsonBodies#strict}: no coercion of {@code "50"} or {@code 50.5}, unknown
     * members refused); 400 "Invalid change" naming the member, line and column when it is not a change.
     */
    private Change change(String body) {
        return JsonBodies.read(changeReader, body, "a JSON change", "{\"state\": "
                + "LEGACY|SHADOW|CANARY|MODERN|RETIRED, \"percent\": 0..100, \"reason\": \"...\"}",
                detail -> new TrafficException(400, "Invalid change", detail));
    }

    @GetMapping("/{id}/audit")
    List<TrafficStateStore.AuditEntry> audit(@PathVariable("id") String id,
                                             @RequestParam(name = "limit", required = false) String limit) {
        control.runtime(id);
        return audit(id, QueryParameters.intIn("limit", limit, 50, 1, MAX_AUDIT));
    }

    /**
     * @param id    a route id
     * @param limit most entries answered, 1..{@value #MAX_AUDIT}
     * @return {@code GET /admin/traffic/routes/{id}/audit}: the route's changes, newest first
     * @throws TrafficException 404 for an unknown route
     * @throws org.springframework.web.ErrorResponseException 400 for a {@code limit} outside 1..{@value #MAX_AUDIT}
     */
    public List<TrafficStateStore.AuditEntry> audit(String id, int limit) {
        control.runtime(id);
        if (limit < 1 || limit > MAX_AUDIT) {
            throw QueryParameters.invalid("limit", String.valueOf(limit), 1, MAX_AUDIT);
        }
        return store.audit(id, limit);
    }

    /**
     * @param id a route id
     * @return {@code GET /admin/traffic/routes/{id}/diffs}: recent shadow mismatches of all replicas, newest first
     * @throws TrafficException 404 for an unknown route
     */
    @GetMapping("/{id}/diffs")
    public List<ShadowDiff> diffs(@PathVariable("id") String id) {
        control.runtime(id);
        return gates.sharedDiffs(id);
    }

    /**
     * @param id       a route id
     * @param windowMs window, ms; null: {@code traffic.retirement-window-ms}
     * @return {@code GET /admin/traffic/routes/{id}/legacy-calls}: {@code routeId, windowMs, since, legacyCalls,
     *         safeToRetire}
     * @throws TrafficException 404 for an unknown route
     * @throws org.springframework.web.ErrorResponseException 400 "Invalid parameter" for a window that is not a
     *                                whole number of ms from 1 to {@link #MAX_WINDOW_MS} (ten years)
     */
    @GetMapping("/{id}/legacy-calls")
    public Map<String, Object> legacyCalls(@PathVariable("id") String id,
                                    @RequestParam(name = "windowMs", required = false) String windowMs) {
        control.runtime(id);
        long window = QueryParameters.longIn("windowMs", windowMs, properties.retirementWindowMs(), 1,
                MAX_WINDOW_MS);
        gates.flushLegacyCalls();
        Instant since = Instant.now().minus(Duration.ofMillis(window));
        long calls = store.legacyCallsSince(id, since);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routeId", id);
        out.put("windowMs", window);
        out.put("since", since.truncatedTo(ChronoUnit.MINUTES));
        out.put("legacyCalls", calls);
        out.put("safeToRetire", calls == 0);
        return out;
    }

    private Map<String, Object> view(RouteRuntime rt) {
        RouteState s = states.get(rt.routeId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routeId", rt.routeId);
        out.put("state", s.state());
        out.put("percent", s.percent());
        out.put("label", s.label());
        out.put("version", s.version());
        out.put("updatedAt", s.updatedAt());
        out.put("updatedBy", s.updatedBy());
        out.put("lastChangeKind", s.lastChangeKind());
        out.put("modernBaseUrl", rt.route.modernBaseUrl());
        out.put("businessKey", rt.route.businessKey());
        out.put("allowSkip", rt.route.allowSkip());
        out.put("modernSafeForWrites", rt.route.modernSafeForWrites());
        out.put("shadowInCanary", rt.route.shadowInCanary());
        out.put("gates", rt.route.gates());
        out.put("window", window(rt));
        out.put("fallbacks", rt.fallbacks());
        out.put("modernCircuit", control.breakerState(rt.routeId));
        out.putAll(TrafficCompareController.compareView(rt, states.compare(rt.routeId)));
        return out;
    }

    private static Map<String, Object> window(RouteRuntime rt) {
        RouteWindow.Totals t = rt.totals(System.currentTimeMillis());
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("windowMs", rt.windowMs());
        window.put("modernCalls", t.modernCalls());
        window.put("modernErrors", t.modernErrors());
        window.put("modernErrorRate", t.modernErrorRate());
        window.put("comparisons", t.comparisons());
        window.put("mismatches", t.mismatches());
        window.put("mismatchRate", t.mismatchRate());
        window.put("legacyCalls", t.legacyCalls());
        return window;
    }
}
