package dev.ficus.traffic;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ficus.platform.web.RequestIds;
import dev.ficus.platform.web.SpringProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The admin API's refusals, rendered by the application's one {@code @RestControllerAdvice} as RFC 9457
 * problem+json with {@code type, title, status, detail, instance, requestId}; none of these requests reaches the
 * database.
 */
class TrafficAdminControllerTest {

    static final String ROUTE = "facade-get-product";

    final Map<String, TrafficRoute> routes = Map.of(ROUTE, new TrafficRoute(null, "http://modern", null, null,
            null, null, null, null, null, null, null));
    final TrafficStates states = new TrafficStates(null, routes, 250);
    final TrafficControl control = TrafficFixtures.control(routes, states, new SimpleMeterRegistry(),
            (route, request) -> null);
    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TrafficAdminController(control, states, null, null,
                    TrafficFixtures.properties(), TrafficFixtures.JSON))
            .setControllerAdvice(new SpringProblems())
            .addFilters(new RequestIds())
            .build();

    @AfterEach
    void stop() {
        control.close();
    }

    ResultActions change(String routeId, String body, String user) throws Exception {
        var request = put("/admin/traffic/routes/" + routeId).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Request-Id", "admin-1");
        if (user != null) {
            request.principal(() -> user);
        }
        return mvc.perform(request);
    }

    static void problem(ResultActions result, int status, String title, String detail, String instance)
            throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(detail)))
                .andExpect(jsonPath("$.instance").value(instance))
                .andExpect(jsonPath("$.requestId").value("admin-1"))
                .andExpect(header().string("X-Request-Id", "admin-1"));
    }

    @Test
    void shouldAnswerAnUnknownRouteWith404() throws Exception {
        problem(mvc.perform(get("/admin/traffic/routes/facade-nope").header("X-Request-Id", "admin-1")), 404,
                "Unknown route", "no traffic declaration for route 'facade-nope'",
                "/admin/traffic/routes/facade-nope");
        problem(change("facade-nope", "{\"state\":\"SHADOW\",\"reason\":\"x\"}", "alice"), 404, "Unknown route",
                "facade-nope", "/admin/traffic/routes/facade-nope");
    }

    @Test
    void shouldRefuseABodyThatIsNotAChange() throws Exception {
        String path = "/admin/traffic/routes/" + ROUTE;
        problem(change(ROUTE, "{\"state\":\"SIDEWAYS\",\"reason\":\"x\"}", "alice"), 400, "Invalid change",
                "body is not a JSON change: state: ", path);
        problem(change(ROUTE, "not json", "alice"), 400, "Invalid change", "body is not valid JSON: ", path);
        problem(change(ROUTE, "{\"state\":", "alice"), 400, "Invalid change", "(line 1, column 10); expected "
                + "{\"state\": LEGACY|SHADOW|CANARY|MODERN|RETIRED", path);
        problem(change(ROUTE, "", "alice"), 400, "Invalid change", "a body is required: {\"state\"", path);
        problem(change("facade-nope", "null", "alice"), 404, "Unknown route", "facade-nope",
                "/admin/traffic/routes/facade-nope");   // the route is looked up before the body is read
    }

    @Test
    void shouldReadAChangeStrictlyNeitherCoercingNorTruncatingNorIgnoringMembers() throws Exception {
        String path = "/admin/traffic/routes/" + ROUTE;
        problem(change(ROUTE, "{\"state\":\"CANARY\",\"percent\":\"50\",\"reason\":\"x\"}", "alice"), 400,
                "Invalid change", "percent: ", path);
        problem(change(ROUTE, "{\"state\":\"CANARY\",\"percent\":50.5,\"reason\":\"x\"}", "alice"), 400,
                "Invalid change", "percent: ", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":42}", "alice"), 400, "Invalid change",
                "reason: a string is expected", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":\"x\",\"extra\":1}", "alice"), 400,
                "Invalid change", "unknown member 'extra'", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":\"" + "r".repeat(TrafficReasons.MAX_CHARS + 1)
                + "\"}", "alice"), 400, "Invalid change", "reason has 1001 characters, at most 1000", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":\"s\"} trailing", "alice"), 400,
                "Invalid change", "body is not valid JSON: Unrecognized token 'trailing'", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"state\":\"LEGACY\",\"reason\":\"dup\"}", "alice"), 400,
                "Invalid change", "body is not valid JSON: Duplicate field 'state'", path);
        mvc.perform(get(path)).andExpect(jsonPath("$.state").value("LEGACY"));
    }

    @Test
    void shouldRequireWhoAndWhy() throws Exception {
        String path = "/admin/traffic/routes/" + ROUTE;
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":\"x\"}", null), 401, "Unauthenticated",
                "a change needs an authenticated principal", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\",\"reason\":\"x\"}", " "), 401, "Unauthenticated",
                "authenticated principal", path);
        problem(change(ROUTE, "{\"state\":\"SHADOW\"}", "alice"), 400, "Invalid change", "reason is required", path);
    }

    @Test
    void shouldRefuseAWindowThatIsNotPositiveOrLongerThanTenYears() throws Exception {
        for (String window : new String[] {"0", "-1", String.valueOf(Long.MAX_VALUE), "99999999999999999999",
            "1d", ""}) {
            problem(mvc.perform(get("/admin/traffic/routes/" + ROUTE + "/legacy-calls").param("windowMs", window)
                            .header("X-Request-Id", "admin-1")), 400, "Invalid parameter",
                    "windowMs must be a whole number from 1 to 315360000000, got '" + window + "'",
                    "/admin/traffic/routes/" + ROUTE + "/legacy-calls");
        }
    }

    @Test
    void shouldRefuseAnAuditLimitOutsideOneTo1000RatherThanClampIt() throws Exception {
        String path = "/admin/traffic/routes/" + ROUTE + "/audit";
        for (String limit : new String[] {"0", "-3", "1001", "2147483648", "many", "10.0"}) {
            problem(mvc.perform(get(path).param("limit", limit).header("X-Request-Id", "admin-1")), 400,
                    "Invalid parameter", "limit must be a whole number from 1 to 1000, got '" + limit + "'", path);
            mvc.perform(get(path).param("limit", limit).header("X-Request-Id", "admin-1"))
                    .andExpect(jsonPath("$.parameter").value("limit"))
                    .andExpect(jsonPath("$.value").value(limit))
                    .andExpect(jsonPath("$.minimum").value(1))
                    .andExpect(jsonPath("$.maximum").value(1000));
        }
        problem(mvc.perform(get("/admin/traffic/routes/facade-nope/audit?limit=0").header("X-Request-Id",
                "admin-1")), 404, "Unknown route", "facade-nope", "/admin/traffic/routes/facade-nope/audit");
    }

    @Test
    void shouldShowARouteWithItsWindow() throws Exception {
        mvc.perform(get("/admin/traffic/routes/" + ROUTE))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.routeId").value(ROUTE))
                .andExpect(jsonPath("$.state").value("LEGACY"))
                .andExpect(jsonPath("$.window.windowMs").value(60_000))
                .andExpect(jsonPath("$.fallbacks").value(0))
                .andExpect(jsonPath("$.modernCircuit").value("CLOSED"))
                .andExpect(jsonPath("$.learnedNoise").isEmpty());
    }
}
