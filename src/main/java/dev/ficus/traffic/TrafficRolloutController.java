package dev.ficus.traffic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.JsonBodies;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of planned rollouts ({@link TrafficRollouts}), JSON in and out, under {@code /admin/traffic/routes}
 * (role {@code operator}, like the rest of {@code /admin/**}). Every answer but an error is the route's rollout:
 * {@code {"routeId", "status": "none|running|paused|aborted|completed", "steps": [{"percent", "pauseMs", "pause"}],
 * "currentStep": index, "stepStartedAt": ISO-8601, "nextAdvanceAt": ISO-8601|null, "reason", "history": [{"at",
 * "actor", "event", "percent", "reason"}]}} (history oldest first; with no plan ever: status {@code none},
 * {@code currentStep}, {@code stepStartedAt} and {@code reason} null).
 *
 * <ul>
 *   <li>{@code GET /{id}/rollout};</li>
 *   <li>{@code PUT /{id}/rollout} {@code {"steps": [{"percent": 1, "pauseMs": 60000, "pause": false}, ...],
 *       "reason": "..."}} starts a plan (without {@code steps}: the plan the traffic routes file declares);</li>
 *   <li>{@code POST /{id}/rollout/promote} {@code {"reason"}}: the next step (or MODERN) now;</li>
 *   <li>{@code POST /{id}/rollout/pause}, {@code POST /{id}/rollout/resume} (body optional, {@code {"reason"}});</li>
 *   <li>{@code POST /{id}/rollout/abort} {@code {"reason"}}: back to LEGACY.</li>
 * </ul>
 * Errors, RFC 9457 problem+json ({@link TrafficException}): 400 "Invalid rollout" for a body that is not such JSON
 * (the detail gives Jackson's line and column, the member and the expected shape; scalars are not coerced:
 * {@code "percent": "5"} or {@code "pauseMs": 1.5} is refused, see {@link JsonBodies}), a missing reason (start,
 * promote, abort), steps that do not rise within 1..100, a {@code pauseMs} outside 0..2592000000 (30 days,
 * {@link RolloutSteps#MAX_PAUSE_MS}); 413 for a body over {@code ficus.security.max-admin-request-bytes}; 401 without a principal; 404 an
 * unknown route; 409 "Rollout conflict" when a plan is already running or paused (start), the route is MODERN or
 * RETIRED, the plan's status does not allow the action, or it changed meanwhile, and 409 "Invalid transition" when
 * the route is LEGACY and may not skip SHADOW. The audit names the authenticated principal.
 *
 * <p>Named interface {@code admin} (with {@link TrafficAdminController}): the migration console renders
 * {@link #get(String)}; its actions go through the endpoints above.
 */
@NamedInterface("admin")
@RestController
@RequestMapping(path = "/admin/traffic/routes/{id}/rollout", produces = MediaType.APPLICATION_JSON_VALUE)
public class TrafficRolloutController {

    /**
     * Body of a start ({@code PUT}), JSON; unknown fields are ignored.
     *
     * @param steps  the plan, percentages rising 1..100; absent: the declared plan
     * @param reason why, kept in the history and the audit trail; required
     */
    public record Start(List<RolloutStep> steps, String reason) {
    }

    /**
     * Body of an action ({@code POST}), JSON; unknown fields are ignored.
     *
     * @param reason why; required to promote and abort
     */
    public record Action(String reason) {
    }

    private final TrafficRollouts rollouts;
    private final ObjectMapper json;

    TrafficRolloutController(TrafficRollouts rollouts, ObjectMapper json) {
        this.rollouts = rollouts;
        this.json = JsonBodies.strict(json);
    }

    /**
     * @param id a route id
     * @return {@code GET /admin/traffic/routes/{id}/rollout}: the route's rollout (shape above)
     * @throws TrafficException 404 for an unknown route
     */
    @GetMapping
    public Map<String, Object> get(@PathVariable("id") String id) {
        return rollouts.view(id);
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> start(@PathVariable("id") String id, @RequestBody(required = false) String body,
                              Principal principal) {
        Start start = read(body, Start.class, "{\"steps\": [{\"percent\": 1..100, \"pauseMs\": 0..2592000000, "
                + "\"pause\": false}, ...], \"reason\": \"...\"}");
        String actor = TrafficAdminController.actor(principal);
        if (start.steps() != null && start.steps().isEmpty()) {
            throw new TrafficException(400, "Invalid rollout", "steps is empty: give the steps, or leave steps out "
                    + "to start the plan the routes file declares");
        }
        rollouts.start(id, start.steps(), required(start.reason()), actor);
        return rollouts.view(id);
    }

    @PostMapping("/promote")
    Map<String, Object> promote(@PathVariable("id") String id, @RequestBody(required = false) String body,
                                Principal principal) {
        String actor = TrafficAdminController.actor(principal);
        rollouts.promote(id, required(action(body).reason()), actor);
        return rollouts.view(id);
    }

    @PostMapping("/pause")
    Map<String, Object> pause(@PathVariable("id") String id, @RequestBody(required = false) String body,
                              Principal principal) {
        String actor = TrafficAdminController.actor(principal);
        rollouts.pause(id, optional(action(body).reason(), "paused by " + actor), actor);
        return rollouts.view(id);
    }

    @PostMapping("/resume")
    Map<String, Object> resume(@PathVariable("id") String id, @RequestBody(required = false) String body,
                               Principal principal) {
        String actor = TrafficAdminController.actor(principal);
        rollouts.resume(id, optional(action(body).reason(), "resumed by " + actor), actor);
        return rollouts.view(id);
    }

    @PostMapping("/abort")
    Map<String, Object> abort(@PathVariable("id") String id, @RequestBody(required = false) String body,
                              Principal principal) {
        String actor = TrafficAdminController.actor(principal);
        rollouts.abort(id, required(action(body).reason()), actor);
        return rollouts.view(id);
    }

    private Action action(String body) {
        return body == null || body.isBlank() ? new Action(null)
                : read(body, Action.class, "{\"reason\": \"...\"}");
    }

    /** Reads the body strictly (no scalar coercion); 400 saying why when it is not the expected JSON. */
    private <T> T read(String body, Class<T> type, String shape) {
        return JsonBodies.read(json.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), body, "a JSON rollout " + type.getSimpleName().toLowerCase(Locale.ROOT),
                shape, detail -> new TrafficException(400, "Invalid rollout", detail));
    }

    private static String required(String reason) {
        return TrafficReasons.required(reason, "Invalid rollout");
    }

    private static String optional(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : TrafficReasons.bounded(reason, "Invalid rollout");
    }
}
