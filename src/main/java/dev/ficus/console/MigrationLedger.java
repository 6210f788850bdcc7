package dev.ficus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.traffic.TrafficAdminController;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The migration ledger's HTML fragments (role {@code operator}), built from traffic control's admin API
 * ({@link TrafficAdminController}'s read methods, the same answers as {@code GET /admin/traffic/routes/...}) and
 * this replica's meter {@code ficus.traffic.requests} (and {@code ficus.traffic.messages} for write paths such as
 * {@code pos-posting}):
 * <ul>
 *   <li>{@code GET /console/ledger}: every route's state, split, req/s and mean latency per side, fallbacks,
 *       mismatch and modern error rates, legacy calls in the retirement window, the verdict
 *       ({@link RetirementVerdict}) and the last change;</li>
 *   <li>{@code GET /console/routes/{id}}: the route's card: the form that moves it (sent by the page to
 *       {@code PUT /admin/traffic/routes/{id}}) and a placeholder for its history;</li>
 *   <li>{@code GET /console/routes/{id}/history}: evidence, gates, window and the audit trail, newest first.</li>
 * </ul>
 * An unknown route id is answered 404 problem+json (the admin API's {@code TrafficException}).
 */
@Controller
class MigrationLedger {

    private static final String REQUESTS = "ficus.traffic.requests";
    private static final String MESSAGES = "ficus.traffic.messages";

    private final TrafficAdminController admin;
    private final MeterRates rates;
    private final ObjectMapper json;
    private final ConsoleProperties properties;

    MigrationLedger(TrafficAdminController admin, MeterRates rates, ObjectMapper json, ConsoleProperties properties) {
        this.admin = admin;
        this.rates = rates;
        this.json = json;
        this.properties = properties;
    }

    @GetMapping("/console/ledger")
    String ledger(Model model) {
        List<LedgerRow> rows = new ArrayList<>();
        for (Object view : admin.list()) {
            rows.add(row(json.valueToTree(view)));
        }
        model.addAttribute("rows", rows);
        return "console/ledger";
    }

    @GetMapping("/console/routes/{id}")
    String route(@PathVariable("id") String id, Model model) {
        JsonNode view = json.valueToTree(admin.get(id));
        model.addAttribute("routeId", id);
        model.addAttribute("label", view.path("label").asText());
        model.addAttribute("state", view.path("state").asText());
        model.addAttribute("percent", view.path("percent").asInt());
        model.addAttribute("allowSkip", view.path("allowSkip").asBoolean());
        model.addAttribute("refreshMs", properties.refreshMs());
        return "console/route";
    }

    @GetMapping("/console/routes/{id}/history")
    String history(@PathVariable("id") String id, Model model) {
        JsonNode view = json.valueToTree(admin.get(id));
        model.addAttribute("row", row(view));
        model.addAttribute("windowLegacyCalls", view.path("window").path("legacyCalls").asLong());
        model.addAttribute("windowMs", Formats.duration(view.path("window").path("windowMs").asLong()));
        model.addAttribute("gates", gates(view.path("gates")));
        model.addAttribute("modernBaseUrl", view.path("modernBaseUrl").asText());
        model.addAttribute("changes", changes(id, properties.historyLimit()));
        return "console/history";
    }

    private LedgerRow row(JsonNode view) {
        String id = view.path("routeId").asText();
        String state = view.path("state").asText();
        JsonNode calls = json.valueToTree(admin.legacyCalls(id, null));
        JsonNode window = view.path("window");
        long fallbacks = view.path("fallbacks").asLong();
        List<LedgerRow.Change> last = changes(id, 1);
        return new LedgerRow(id, state, view.path("label").asText(), modernPercent(state, view.path("percent").asInt()),
                side(id, "legacy"), side(id, "modern"), fallbacks,
                rate(window.path("mismatchRate").asDouble(), window.path("mismatches").asLong(),
                        window.path("comparisons").asLong()),
                rate(window.path("modernErrorRate").asDouble(), window.path("modernErrors").asLong(),
                        window.path("modernCalls").asLong()),
                view.path("modernCircuit").asText(), calls.path("legacyCalls").asLong(),
                RetirementVerdict.of(state, calls.path("legacyCalls").asLong(), calls.path("since").asText(),
                        calls.path("windowMs").asLong(), fallbacks),
                last.isEmpty() ? null : last.get(0));
    }

    private LedgerRow.Side side(String routeId, String side) {
        List<Tag> tags = List.of(Tag.of("route", routeId), Tag.of("side", side));
        MeterRates.Rate requests = rates.timer(REQUESTS, tags);
        MeterRates.Rate messages = rates.counter(MESSAGES, tags);
        double perSecond = requests.known() && messages.known() ? requests.perSecond() + messages.perSecond()
                : requests.known() ? requests.perSecond() : messages.perSecond();
        return new LedgerRow.Side(Formats.perSecond(perSecond), Formats.millis(requests.meanMs()));
    }

    private List<LedgerRow.Change> changes(String routeId, int limit) {
        List<LedgerRow.Change> out = new ArrayList<>();
        JsonNode audit = json.valueToTree(admin.audit(routeId, limit));
        for (JsonNode e : audit) {
            out.add(new LedgerRow.Change(Formats.instant(e.path("changedAt").asText()), e.path("changedBy").asText(),
                    e.path("kind").asText(), e.path("from").isNull() ? "(new)" : e.path("from").asText(),
                    e.path("to").asText(),
                    e.path("reason").asText()));
        }
        return out;
    }

    /** @return the route's gates in one sentence, e.g. "roll back over 5.0 % modern errors or ..." */
    static String gates(JsonNode gates) {
        if (gates.isNull() || gates.isMissingNode()) {
            return "none";
        }
        JsonNode advance = gates.path("autoAdvance");
        return "roll back one state over " + Formats.percent(gates.path("maxModernErrorRate").asDouble())
                + " modern errors or " + Formats.percent(gates.path("maxMismatchRate").asDouble())
                + " mismatches (at least " + gates.path("minCalls").asInt() + " calls in "
                + Formats.duration(gates.path("windowMs").asLong()) + "); auto-advance "
                + (advance.path("enabled").asBoolean() ? "on, steps " + advance.path("steps") + " %, each healthy for "
                        + Formats.duration(advance.path("healthyForMs").asLong()) : "off");
    }

    private static String rate(double ratio, long count, long of) {
        return of == 0 ? "none yet" : Formats.percent(ratio) + " (" + count + " of " + of + ")";
    }

    /** @return the share of business keys the modern side answers in a state */
    static int modernPercent(String state, int percent) {
        return switch (state) {
            case "CANARY" -> percent;
            case "MODERN", "RETIRED" -> 100;
            default -> 0;
        };
    }
}
