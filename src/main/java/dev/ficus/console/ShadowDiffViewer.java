package dev.ficus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.traffic.TrafficAdminController;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The diff viewer's HTML fragments (role {@code operator}), from traffic control's admin API
 * ({@code GET /admin/traffic/routes/{id}/diffs} and the route's view for its comparison rules):
 * <ul>
 *   <li>{@code GET /console/diffs/routes?route=}: the {@code <option>}s of the route chooser, {@code route} (or
 *       else the first route with mismatches, or else the first route) selected;</li>
 *   <li>{@code GET /console/diffs?route=}: the route's recent shadow mismatches, newest first (polled);</li>
 *   <li>{@code GET /console/diffs/rules?route=}: the route's noise rules as forms (not polled, so typing is never
 *       overwritten): the {@code compare} rules in force with {@code compareOrigin}, sent to
 *       {@code PUT /admin/traffic/routes/{id}/compare} with {@code expectedVersion} (a change made meanwhile is
 *       refused with 409), back to the routes file's rules ({@code DELETE .../compare}), and the
 *       {@code learnedNoise}, forgotten with {@code DELETE .../learned-noise}; every form needs a reason;</li>
 *   <li>{@code GET /console/diffs/view?route=&at=}: one mismatch (by its ISO-8601 {@code at}), both answers side
 *       by side, one value per line, the lines at the differing JSON paths marked ({@link JsonLines}); an empty
 *       fragment saying so when it is no longer among the recent ones.</li>
 * </ul>
 * An unknown route id is answered 404 problem+json.
 */
@Controller
class ShadowDiffViewer {

    private final TrafficAdminController admin;
    private final ObjectMapper json;

    ShadowDiffViewer(TrafficAdminController admin, ObjectMapper json) {
        this.admin = admin;
        this.json = json;
    }

    @GetMapping("/console/diffs/routes")
    String routes(@RequestParam(name = "route", required = false) String route, Model model,
                  HttpServletResponse response) {
        List<String> ids = new ArrayList<>();
        admin.list().forEach(view -> ids.add(String.valueOf(view.get("routeId"))));
        String selected = route != null && ids.contains(route) ? route
                : ids.stream().filter(id -> !admin.diffs(id).isEmpty()).findFirst()
                        .orElse(ids.isEmpty() ? null : ids.get(0));
        model.addAttribute("ids", ids);
        model.addAttribute("selected", selected);
        // the page loads the chosen route's mismatches once the options are in place
        response.setHeader("HX-Trigger-After-Settle", "ficus:routes");
        return "console/diff-routes";
    }

    @GetMapping("/console/diffs")
    String diffs(@RequestParam(name = "route", required = false) String route, Model model) {
        if (route == null || route.isBlank()) {
            return "console/diff-none";
        }
        JsonNode view = json.valueToTree(admin.get(route));
        JsonNode diffs = json.valueToTree(admin.diffs(route));
        model.addAttribute("route", route);
        model.addAttribute("label", view.path("label").asText());
        model.addAttribute("diffs", rows(diffs));
        model.addAttribute("window", view.path("window"));
        return "console/diffs";
    }

    @GetMapping("/console/diffs/rules")
    String rules(@RequestParam(name = "route", required = false) String route, Model model) {
        if (route == null || route.isBlank()) {
            return "console/diff-none";
        }
        model.addAllAttributes(rulesModel(route, json.valueToTree(admin.get(route))));
        return "console/diff-rules";
    }

    /**
     * @param view the route's admin view ({@code compare}, {@code compareOrigin}, {@code learnedNoise})
     * @return the model of {@code console/diff-rules}
     */
    static Map<String, Object> rulesModel(String route, JsonNode view) {
        JsonNode compare = view.path("compare");
        JsonNode origin = view.path("compareOrigin");
        return Map.of("route", route, "compare", compare, "origin", origin,
                "changedAt", origin.path("changedAt").isTextual()
                        ? Formats.instant(origin.path("changedAt").asText()) : Formats.NONE,
                "learnedNoise", texts(view.path("learnedNoise")),
                "lines", Map.of("ignorePaths", lines(compare.path("ignorePaths")),
                        "unorderedArrays", lines(compare.path("unorderedArrays")),
                        "caseInsensitivePaths", lines(compare.path("caseInsensitivePaths"))));
    }

    /** @return the paths of a rule, one per line (what its text area shows and sends back) */
    static String lines(JsonNode paths) {
        return String.join("\n", texts(paths));
    }

    @GetMapping("/console/diffs/view")
    String view(@RequestParam("route") String route, @RequestParam("at") String at, Model model) {
        JsonNode diffs = json.valueToTree(admin.diffs(route));
        model.addAttribute("route", route);
        model.addAttribute("at", Formats.instant(at));
        for (JsonNode d : diffs) {
            if (sameMoment(d.path("at").asText(), at)) {
                List<String> paths = texts(d.path("paths"));
                model.addAttribute("diff", row(d));
                model.addAttribute("legacy", JsonLines.of(json, text(d.path("legacyAnswer")), paths));
                model.addAttribute("modern", JsonLines.of(json, text(d.path("modernAnswer")), paths));
                return "console/diff";
            }
        }
        return "console/diff";
    }

    /**
     * A mismatch is named by its time; this replica's own copy of a mismatch may carry more digits than the copy
     * read back from the shared table, so two times are the same mismatch when they agree to the millisecond.
     */
    static boolean sameMoment(String a, String b) {
        try {
            return Instant.parse(a).truncatedTo(ChronoUnit.MILLIS).equals(Instant.parse(b).truncatedTo(ChronoUnit.MILLIS));
        } catch (DateTimeParseException e) {
            return a.equals(b);
        }
    }

    private static List<Map<String, Object>> rows(JsonNode diffs) {
        List<Map<String, Object>> out = new ArrayList<>();
        diffs.forEach(d -> out.add(row(d)));
        return out;
    }

    private static Map<String, Object> row(JsonNode d) {
        return Map.of("at", d.path("at").asText(), "shownAt", Formats.instant(d.path("at").asText()),
                "request", d.path("method").asText() + " " + d.path("uri").asText(),
                "key", d.path("key").isNull() ? Formats.NONE : d.path("key").asText(),
                "requestId", d.path("requestId").isNull() ? Formats.NONE : d.path("requestId").asText(),
                "modernStatus", d.path("modernStatus").asInt(), "paths", texts(d.path("paths")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
