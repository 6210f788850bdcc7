package dev.ficus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.traffic.TrafficAdminController;
import dev.ficus.traffic.TrafficRolloutController;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The rollouts panel's HTML fragments (role {@code operator}), from traffic control's rollout API
 * ({@link TrafficRolloutController#get}, the answer of {@code GET /admin/traffic/routes/{id}/rollout}):
 * <ul>
 *   <li>{@code GET /console/rollouts}: every route's rollout: status, steps with the current one marked, next
 *       advance, reason;</li>
 *   <li>{@code GET /console/rollouts/{id}}: the route's card with the forms the page sends to the rollout API
 *       ({@code PUT .../rollout}, {@code POST .../rollout/promote|pause|resume|abort}, each with a reason) and a
 *       placeholder for its status;</li>
 *   <li>{@code GET /console/rollouts/{id}/status}: its steps and history, newest first.</li>
 * </ul>
 * An unknown route id is answered 404 problem+json.
 */
@Controller
class RolloutPanel {

    private final TrafficAdminController routes;
    private final TrafficRolloutController rollouts;
    private final ObjectMapper json;
    private final ConsoleProperties properties;

    RolloutPanel(TrafficAdminController routes, TrafficRolloutController rollouts, ObjectMapper json,
                 ConsoleProperties properties) {
        this.routes = routes;
        this.rollouts = rollouts;
        this.json = json;
        this.properties = properties;
    }

    @GetMapping("/console/rollouts")
    String rollouts(Model model) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> route : routes.list()) {
            String id = String.valueOf(route.get("routeId"));
            Map<String, Object> row = rollout(id);
            row.put("label", route.get("label"));
            rows.add(row);
        }
        model.addAttribute("rows", rows);
        return "console/rollouts";
    }

    @GetMapping("/console/rollouts/{id}")
    String card(@PathVariable("id") String id, Model model) {
        model.addAttribute("routeId", id);
        routes.get(id);   // 404 problem+json for an unknown route
        model.addAttribute("refreshMs", properties.refreshMs());
        return "console/rollout";
    }

    @GetMapping("/console/rollouts/{id}/status")
    String status(@PathVariable("id") String id, Model model) {
        model.addAttribute("r", rollout(id));
        return "console/rollout-status";
    }

    /** @return the rollout as the templates show it: status, steps (percent, pause, state), times, history */
    private Map<String, Object> rollout(String id) {
        JsonNode r = json.valueToTree(rollouts.get(id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routeId", id);
        out.put("status", r.path("status").asText("none"));
        int current = r.path("currentStep").isNumber() ? r.path("currentStep").asInt() : -1;
        List<Map<String, Object>> steps = new ArrayList<>();
        int i = 0;
        for (JsonNode step : r.path("steps")) {
            steps.add(Map.of("percent", step.path("percent").asInt(),
                    "hold", step.path("pause").asBoolean() ? "waits for promote"
                            : Formats.duration(step.path("pauseMs").asLong()),
                    "place", i < current ? "done" : i == current ? "current" : "next"));
            i++;
        }
        out.put("steps", steps);
        out.put("stepStartedAt", Formats.instant(r.path("stepStartedAt").asText(null)));
        out.put("nextAdvanceAt", Formats.instant(r.path("nextAdvanceAt").asText(null)));
        out.put("reason", r.path("reason").isNull() ? "" : r.path("reason").asText(""));
        List<LedgerRow.Change> history = new ArrayList<>();
        for (JsonNode h : r.path("history")) {
            history.add(0, new LedgerRow.Change(Formats.instant(h.path("at").asText()), h.path("actor").asText(),
                    h.path("event").asText(), "", h.path("percent").isNumber() ? h.path("percent").asInt() + " %" : "",
                    h.path("reason").asText("")));
        }
        out.put("history", history);
        return out;
    }
}
