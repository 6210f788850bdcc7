package dev.ficus.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The console's templates rendered by Thymeleaf as the application does, from answers in the admin APIs' documented
 * shapes: what a person sees and what the page sends back (form targets, ids, the current step).
 */
class ConsoleTemplatesTest {

    static final SpringTemplateEngine ENGINE = engine();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldListDeadLettersWithTheirIdsToResendOrDiscardThroughTheAdminApi() throws Exception {
        List<Map<String, Object>> messages = json.readValue("""
                [{"id":"ID:42-1","reason":"invalid-poslog","detail":"no RetailStoreID","channel":"http",
                  "receivedAt":"2026-12-03T09:00:00Z","storeId":null,"workstationId":"4","sequenceNumber":null,
                  "businessKey":"0610-4-77","requestId":"r-1","bytes":311,"shownAt":"2026-12-03 09:00:00Z"}]""",
                new TypeReference<>() {
                });
        String html = render("dead-letter-messages", Map.of("queue", "pos.inbound.DLQ", "messages", messages,
                "limit", 100));

        assertThat(html).contains("value=\"ID:42-1\"", "data-business-key=\"0610-4-77\"", "invalid-poslog",
                "hx-post=\"/admin/dead-letters/pos.inbound.DLQ/resend\"",
                "hx-post=\"/admin/dead-letters/pos.inbound.DLQ/discard\"", "– · 4 · –");
        assertThat(html).doesNotContain("matching");
    }

    @Test
    void shouldMarkTheCurrentStepOfARollout() {
        Map<String, Object> rollout = Map.of("status", "running", "stepStartedAt", "2026-12-03 09:00:00Z",
                "nextAdvanceAt", "2026-12-03 09:10:00Z", "reason", "ramp",
                "steps", List.of(Map.of("percent", 5, "hold", "10 min", "place", "done"),
                        Map.of("percent", 25, "hold", "waits for promote", "place", "current"),
                        Map.of("percent", 50, "hold", "10 min", "place", "next")),
                "history", List.of(new LedgerRow.Change("2026-12-03 09:00:00Z", "alice", "started", "", "5 %", "ramp")));
        String html = render("rollout-status", Map.of("r", rollout));

        assertThat(html).contains("<li class=\"current\">", "<strong>25 %</strong>", "waits for promote", "alice");
    }

    @Test
    void shouldShowEveryPosCountOfAChannel() {
        Map<String, Object> counts = new java.util.TreeMap<>(Map.of("received", 7L, "published", 5L,
                "duplicates", 1L, "key.conflicts", 0L, "dead.lettered", 1L, "corrections", 0L,
                "receivedPerSecond", "0.5/s"));
        String html = render("streams", Map.of("cdc", Map.of("enabled", false), "posKinds", StreamsPanel.POS_KINDS,
                "channels", Map.of("http", counts)));

        assertThat(html.replaceAll("\\s+", " ")).contains("<td>http</td> <td>0.5/s</td> <td>7</td> <td>5</td> "
                + "<td>1</td> <td>0</td> <td class=\"warn\">1</td> <td>0</td>", "Off on this replica");
    }

    @Test
    void shouldEscapeWhatAnAnswerContains() {
        String html = render("diff", Map.of("route", "r", "at", "now",
                "diff", Map.of("request", "GET /x", "key", "<k>", "requestId", "–", "modernStatus", 200,
                        "paths", List.of("$.name")),
                "legacy", List.of(new JsonLines.Line("\"name\": \"<script>alert(1)</script>\"", "$.name", true)),
                "modern", List.of()));

        assertThat(html).contains("&lt;script&gt;", "class=\"line differs\"", "data-path=\"$.name\"")
                .doesNotContain("<script>alert");
    }

    @Test
    void shouldOfferTheRulesInForceAsAFormForTheAdminApiWithTheVersionRead() throws Exception {
        JsonNode view = json.readTree("""
                {"compare":{"ignorePaths":["$.unitPrice.amount","$.items[*].at"],"numericTolerance":0.01,
                  "unorderedArrays":[],"caseInsensitivePaths":["$.name"],
                  "noiseLearning":{"enabled":true,"samplePercent":5.0}},
                 "compareOrigin":{"source":"admin","version":3,"changedBy":"alice",
                  "changedAt":"2026-12-03T09:00:00Z","reason":"price <moves>"},
                 "learnedNoise":["$.servedAt"]}""");
        String html = render("diff-rules", ShadowDiffViewer.rulesModel("facade-get-product", view));

        assertThat(html).contains("hx-put=\"/admin/traffic/routes/facade-get-product/compare\"",
                "data-lines=\"ignorePaths,unorderedArrays,caseInsensitivePaths\"",
                "name=\"expectedVersion\" data-json=\"number\" value=\"3\"",
                ">$.unitPrice.amount\n$.items[*].at</textarea>", "name=\"numericTolerance\"",
                "value=\"0.01\"", "name=\"noiseLearning.enabled\" type=\"checkbox\" value=\"true\" checked",
                "by alice at 2026-12-03 09:00:00Z (version 3): price &lt;moves&gt;",
                "hx-delete=\"/admin/traffic/routes/facade-get-product/compare\"",
                "hx-delete=\"/admin/traffic/routes/facade-get-product/learned-noise\"", "$.servedAt");
        assertThat(html.split("name=\"reason\" required", -1)).hasSize(4);
    }

    @Test
    void shouldNotOfferToGoBackToTheFileWhenItsRulesApply() throws Exception {
        JsonNode view = json.readTree("""
                {"compare":{"ignorePaths":[],"numericTolerance":0.0,"unorderedArrays":[],"caseInsensitivePaths":[],
                  "noiseLearning":{"enabled":false,"samplePercent":5.0}},
                 "compareOrigin":{"source":"routes-file","version":0,"changedBy":null,"changedAt":null,
                  "reason":null},"learnedNoise":[]}""");
        String html = render("diff-rules", ShadowDiffViewer.rulesModel("facade-get-product", view));

        assertThat(html).contains("From the routes file", "name=\"expectedVersion\" data-json=\"number\" value=\"0\"",
                "<textarea name=\"ignorePaths\" rows=\"3\"></textarea>", "hx-delete=\"/admin/traffic/routes/"
                        + "facade-get-product/learned-noise\"")
                .doesNotContain("hx-delete=\"/admin/traffic/routes/facade-get-product/compare\"", "checked");
    }

    private static String render(String template, Map<String, Object> model) {
        MockServletContext servlet = new MockServletContext();
        var exchange = JakartaServletWebApplication.buildApplication(servlet)
                .buildExchange(new MockHttpServletRequest(servlet), new MockHttpServletResponse());
        WebContext context = new WebContext(exchange);
        context.setVariables(model);
        return ENGINE.process("console/" + template, context);
    }

    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
