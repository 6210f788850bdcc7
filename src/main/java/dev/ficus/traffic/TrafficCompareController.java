package dev.ficus.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ficus.platform.web.JsonBodies;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of a route's shadow comparison rules, under {@code /admin/traffic/routes/{id}} (role {@code operator},
 * like the rest of {@code /admin/**}). The rules are stored in {@code ficus.traffic_compare_rules}
 * ({@link CompareStore}) and every replica re-reads them with the route states, within
 * {@code traffic.poll-interval-ms}; each change is audited in the route's history ({@code GET .../audit}: who,
 * why, the rules before and after). Every answer but an error is {@code {"routeId", "compare": the rules in force,
 * "compareOrigin": {"source": "routes-file"|"admin", "version", "changedBy", "changedAt", "reason"},
 * "learnedNoise": [paths]}} ({@code changedBy/At} and {@code reason}: the last change through this API, null
 * before the first).
 *
 * <ul>
 *   <li>{@code PUT /{id}/compare} with {@link CompareRulesEdit} ({@code {"ignorePaths": ["$.a[*].b"],
 *       "numericTolerance": 0.01, "unorderedArrays": [], "caseInsensitivePaths": [], "noiseLearning": {"enabled":
 *       true, "samplePercent": 5}, "reason": "...", "expectedVersion": 3}}): these rules replace the routes file's;</li>
 *   <li>{@code DELETE /{id}/compare?reason=} (or body {@code {"reason"}}): back to the routes file's rules;</li>
 *   <li>{@code DELETE /{id}/learned-noise?reason=} (or body {@code {"reason"}}): every replica forgets the paths it
 *       learned (noise learning, if on, learns again).</li>
 * </ul>
 * Errors, RFC 9457 problem+json ({@link TrafficException}): 404 unknown route; 401 without a principal; 400
 * "Invalid compare rules" for a body that is not such JSON (unknown members included; the detail names the member
 * and Jackson's line and column), a missing reason, a path the comparator cannot read, a negative tolerance, a
 * sample outside 0..100; 409 "Stale compare rules" when {@code expectedVersion} is not the current version.
 */
@RestController
@RequestMapping(path = "/admin/traffic/routes/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
public class TrafficCompareController {

    private static final String SHAPE = "{\"ignorePaths\": [\"$.items[*].price\"], \"numericTolerance\": 0.01, "
            + "\"unorderedArrays\": [], \"caseInsensitivePaths\": [], \"noiseLearning\": {\"enabled\": true, "
            + "\"samplePercent\": 5}, \"reason\": \"...\", \"expectedVersion\": 3}";

    private final TrafficControl control;
    private final TrafficStates states;
    private final CompareStore store;
    private final ObjectMapper json;
    private final ObjectReader editReader;

    TrafficCompareController(TrafficControl control, TrafficStates states, CompareStore store, ObjectMapper json) {
        this.control = control;
        this.states = states;
        this.store = store;
        this.json = json;
        this.editReader = JsonBodies.strict(json).readerFor(CompareRulesEdit.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @PutMapping(path = "/compare", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable("id") String id, @RequestBody(required = false) String body,
                            Principal principal) {
        RouteRuntime rt = control.runtime(id);
        String actor = TrafficAdminController.actor(principal);
        CompareRulesEdit edit = edit(body);
        TrafficRoute.CompareRules rules = edit.rules();
        states.apply(store.change(id, rt.route.compare(), rules, actor, edit.reason().strip(),
                edit.expectedVersion()));
        return view(rt, states.compare(id));
    }

    @DeleteMapping("/compare")
    Map<String, Object> reset(@PathVariable("id") String id, @RequestParam(name = "reason", required = false)
                              String reason, @RequestBody(required = false) String body, Principal principal) {
        RouteRuntime rt = control.runtime(id);
        String actor = TrafficAdminController.actor(principal);
        states.apply(store.change(id, rt.route.compare(), null, actor, reason(reason, body), null));
        return view(rt, states.compare(id));
    }

    @DeleteMapping("/learned-noise")
    Map<String, Object> forgetNoise(@PathVariable("id") String id, @RequestParam(name = "reason", required = false)
                                    String reason, @RequestBody(required = false) String body, Principal principal) {
        RouteRuntime rt = control.runtime(id);
        String actor = TrafficAdminController.actor(principal);
        states.apply(store.forgetNoise(id, rt.learnedNoise(), actor, reason(reason, body)));
        return view(rt, states.compare(id));
    }

    /**
     * @return the comparison part of a route's view: {@code compare} (the rules in force), {@code compareOrigin}
     *         and {@code learnedNoise} (this replica's, sorted)
     */
    static Map<String, Object> compareView(RouteRuntime rt, RouteCompare row) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("source", row.source());
        origin.put("version", row.version());
        origin.put("changedBy", row.updatedBy());
        origin.put("changedAt", row.updatedAt());
        origin.put("reason", row.reason());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("compare", rt.compareRules());
        out.put("compareOrigin", origin);
        out.put("learnedNoise", rt.learnedNoise().stream().sorted().toList());
        return out;
    }

    private static Map<String, Object> view(RouteRuntime rt, RouteCompare row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routeId", rt.routeId);
        out.putAll(compareView(rt, row));
        return out;
    }

    /** Reads a PUT body strictly: unknown members are refused, with a detail naming the member. */
    private CompareRulesEdit edit(String body) {
        if (body == null || body.isBlank() || "null".equals(body.strip())) {
            throw new TrafficException(400, CompareRulesEdit.TITLE, "a body is required: " + SHAPE);
        }
        try {
            return editReader.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw new TrafficException(400, CompareRulesEdit.TITLE, "unknown member '" + JsonBodies.member(e)
                    + "' (members: ignorePaths, numericTolerance, unorderedArrays, caseInsensitivePaths, "
                    + "noiseLearning {enabled, samplePercent}, reason, expectedVersion)");
        } catch (JsonProcessingException e) {
            throw new TrafficException(400, CompareRulesEdit.TITLE, JsonBodies.detail(e, "JSON compare rules",
                    SHAPE));
        }
    }

    /** @return the reason from {@code ?reason=} or a JSON body {@code {"reason"}}, stripped */
    private String reason(String param, String body) {
        String reason = param;
        if ((reason == null || reason.isBlank()) && body != null && !body.isBlank()) {
            try {
                JsonNode node = json.readTree(body);
                reason = node == null ? null : node.path("reason").asText(null);
            } catch (JsonProcessingException e) {
                throw new TrafficException(400, "Invalid change", "body must be JSON {\"reason\": \"...\"} (or "
                        + "give ?reason=): " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
        }
        if (reason == null || reason.isBlank()) {
            throw new TrafficException(400, "Invalid change", "reason is required (?reason= or {\"reason\": \"...\"})");
        }
        return TrafficReasons.bounded(reason, "Invalid change");
    }
}
