package dev.ficus.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.pos.deadletter.DeadLetterAdminController;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dead letters panel's HTML fragments (role {@code operator}), from POS ingest's dead-letter admin API
 * ({@link DeadLetterAdminController}'s read methods, the answers of {@code GET /admin/dead-letters/...}):
 * <ul>
 *   <li>{@code GET /console/dead-letters/queues}: every dead-letter queue with its message count and where a resend
 *       goes;</li>
 *   <li>{@code GET /console/dead-letters/queue-options?queue=}: the {@code <option>}s of the queue chooser
 *       ({@code queue}, else the first queue holding messages, else the first, selected);</li>
 *   <li>{@code GET /console/dead-letters/messages?queue=&q=}: the newest {@value #LIMIT} messages matching the
 *       search text, in a form whose buttons the page sends to {@code POST /admin/dead-letters/{queue}/resend} or
 *       {@code .../discard} with the ticked ids and a reason;</li>
 *   <li>{@code GET /console/dead-letters/message?queue=&id=}: one message's headers and body.</li>
 * </ul>
 * An unknown queue or message is answered 404 problem+json, an unreachable broker 503.
 */
@Controller
class DeadLetterPanel {

    static final int LIMIT = 100;
    private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {
    };

    private final DeadLetterAdminController api;
    private final ObjectMapper json;

    DeadLetterPanel(DeadLetterAdminController api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    @GetMapping("/console/dead-letters/queues")
    String queues(Model model) {
        model.addAttribute("queues", json.convertValue(tree(api.queues()).path("queues"), ROWS));
        return "console/dead-letter-queues";
    }

    @GetMapping("/console/dead-letters/queue-options")
    String queueOptions(@RequestParam(name = "queue", required = false) String queue, Model model,
                        HttpServletResponse response) {
        List<String> names = new ArrayList<>();
        String busiest = null;
        for (JsonNode q : tree(api.queues()).path("queues")) {
            names.add(q.path("name").asText());
            if (busiest == null && q.path("messages").asLong() > 0) {
                busiest = q.path("name").asText();
            }
        }
        model.addAttribute("ids", names);
        model.addAttribute("selected", queue != null && names.contains(queue) ? queue
                : busiest != null ? busiest : names.isEmpty() ? null : names.get(0));
        response.setHeader("HX-Trigger-After-Settle", "ficus:queues");
        return "console/diff-routes";
    }

    @GetMapping("/console/dead-letters/messages")
    String messages(@RequestParam(name = "queue", required = false) String queue,
                    @RequestParam(name = "q", required = false) String q, Model model) {
        if (queue == null || queue.isBlank()) {
            return "console/dead-letters-none";
        }
        String search = q == null || q.isBlank() ? null : q.strip();
        List<Map<String, Object>> rows = json.convertValue(tree(api.messages(queue, search, LIMIT)).path("messages"),
                ROWS);
        rows.forEach(row -> row.put("shownAt", Formats.instant(String.valueOf(row.get("receivedAt")))));
        model.addAttribute("queue", queue);
        model.addAttribute("q", search);
        model.addAttribute("messages", rows);
        model.addAttribute("limit", LIMIT);
        return "console/dead-letter-messages";
    }

    @GetMapping("/console/dead-letters/message")
    String message(@RequestParam("queue") String queue, @RequestParam("id") String id, Model model) {
        JsonNode m = tree(api.message(queue, id));
        model.addAttribute("queue", queue);
        model.addAttribute("m", json.convertValue(m, new TypeReference<Map<String, Object>>() {
        }));
        model.addAttribute("headers", m.path("headers").isObject() ? json.convertValue(m.path("headers"),
                new TypeReference<Map<String, Object>>() {
                }) : Map.of());
        return "console/dead-letter";
    }

    private JsonNode tree(Object answer) {
        return json.valueToTree(answer);
    }
}
