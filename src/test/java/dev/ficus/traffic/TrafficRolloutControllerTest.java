package dev.ficus.traffic;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.ficus.platform.web.RequestIds;
import dev.ficus.platform.web.SpringProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The rollout API's refusals that need no database, as RFC 9457 problem+json: a body that is not the contract's
 * JSON, a missing reason, no principal, an unknown route. (Conflicts and the answers themselves:
 * {@code TrafficRolloutIT}.)
 */
class TrafficRolloutControllerTest {

    static final String ROUTE = "facade-get-product";
    static final String PATH = "/admin/traffic/routes/" + ROUTE + "/rollout";

    final Map<String, TrafficRoute> routes = Map.of(ROUTE, new TrafficRoute(null, "http://modern", null, null,
            null, null, null, null, null, null, null));
    final TrafficStates states = new TrafficStates(null, routes, 250);
    final TrafficControl control = TrafficFixtures.control(routes, states, new SimpleMeterRegistry(),
            (route, request) -> null);
    final TrafficRollouts rollouts = new TrafficRollouts(control, states, null, null);
    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TrafficRolloutController(rollouts, TrafficFixtures.JSON))
            .setControllerAdvice(new SpringProblems())
            .addFilters(new RequestIds())
            .build();

    @AfterEach
    void stop() {
        control.close();
    }

    ResultActions send(MockHttpServletRequestBuilder request, String body, String user) throws Exception {
        request.header("X-Request-Id", "admin-1");
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        if (user != null) {
            request.principal(() -> user);
        }
        return mvc.perform(request);
    }

    @Test
    void shouldRefuseABodyThatIsNotTheContractsJson() throws Exception {
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\":\"many\",\"reason\":\"x\"}", "alice"), 400,
                "Invalid rollout", "body is not a JSON rollout start: steps: ", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "", "alice"), 400, "Invalid rollout",
                "a body is required: {\"steps\"", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5,}]}", "alice"), 400,
                "Invalid rollout", "body is not valid JSON: ", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5,}]}", "alice"), 400,
                "Invalid rollout", "(line 1, column 26); expected {\"steps\": [{\"percent\": 1..100, \"pauseMs\": "
                        + "0..2592000000", PATH);
        TrafficAdminControllerTest.problem(send(post(PATH + "/abort"), "[1]", "alice"), 400, "Invalid rollout",
                "body is not a JSON rollout action: ", PATH + "/abort");
    }

    @Test
    void shouldRefuseNumbersThatAreNotWholeMillisecondsOrPercents() throws Exception {
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": \"5\"}], \"reason\": \"x\"}",
                "alice"), 400, "Invalid rollout", "steps[0].percent: ", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5, \"pauseMs\": 1.5}], "
                + "\"reason\": \"x\"}", "alice"), 400, "Invalid rollout", "steps[0].pauseMs: ", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5, \"pauseMs\": "
                + "9223372036854775808}], \"reason\": \"x\"}", "alice"), 400, "Invalid rollout", "out of range", PATH);
    }

    @Test
    void shouldRefuseAnEmptyPlanAndUnknownMembersRatherThanStartTheDeclaredPlan() throws Exception {
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [], \"reason\": \"x\"}", "alice"), 400,
                "Invalid rollout", "steps is empty", PATH);
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5, \"pauseMs\": 1000, "
                + "\"bogus\": 1}], \"reason\": \"x\"}", "alice"), 400, "Invalid rollout",
                "unknown member 'steps[0].bogus'", PATH);
        TrafficAdminControllerTest.problem(send(post(PATH + "/abort"), "{\"reason\": \"" + "r".repeat(1001) + "\"}",
                "alice"), 400, "Invalid rollout", "at most 1000", PATH + "/abort");
    }

    @Test
    void shouldRefuseAPauseLongerThan30DaysOrNegative() throws Exception {
        for (long pauseMs : new long[] {Long.MAX_VALUE, RolloutSteps.MAX_PAUSE_MS + 1, -1, Long.MIN_VALUE}) {
            TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\": [{\"percent\": 5, \"pauseMs\": 60000}, "
                    + "{\"percent\": 50, \"pauseMs\": " + pauseMs + "}], \"reason\": \"x\"}", "alice"), 400,
                    "Invalid rollout", "steps[1].pauseMs must be 0..2592000000 ms (30 days), got " + pauseMs, PATH);
        }
    }

    @Test
    void shouldRequireWhoAndWhy() throws Exception {
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"reason\":\"x\"}", null), 401, "Unauthenticated",
                "authenticated principal", PATH);
        TrafficAdminControllerTest.problem(send(post(PATH + "/pause"), null, null), 401, "Unauthenticated",
                "authenticated principal", PATH + "/pause");
        TrafficAdminControllerTest.problem(send(put(PATH), "{\"steps\":[{\"percent\":5}]}", "alice"), 400,
                "Invalid rollout", "reason is required", PATH);
        TrafficAdminControllerTest.problem(send(post(PATH + "/promote"), null, "alice"), 400, "Invalid rollout",
                "reason is required", PATH + "/promote");
        TrafficAdminControllerTest.problem(send(post(PATH + "/abort"), "{\"reason\":\" \"}", "alice"), 400,
                "Invalid rollout", "reason is required", PATH + "/abort");
    }

    @Test
    void shouldAnswerAnUnknownRouteWith404() throws Exception {
        TrafficAdminControllerTest.problem(send(get("/admin/traffic/routes/facade-nope/rollout"), null, null), 404,
                "Unknown route", "facade-nope", "/admin/traffic/routes/facade-nope/rollout");
        TrafficAdminControllerTest.problem(send(put("/admin/traffic/routes/facade-nope/rollout"),
                "{\"steps\":[{\"percent\":5}],\"reason\":\"x\"}", "alice"), 404, "Unknown route", "facade-nope",
                "/admin/traffic/routes/facade-nope/rollout");
    }
}
