package dev.ficus.traffic;

import static dev.ficus.traffic.TrafficAdminControllerTest.problem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
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
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The compare rules API's refusals as RFC 9457 problem+json; none of these requests reaches the database (the
 * store is absent: a request that got that far would fail with 500). What is stored and how replicas apply it:
 * {@code TrafficReplicasTest}; end to end: {@code TrafficIT}.
 */
class TrafficCompareControllerTest {

    static final String ROUTE = "facade-get-product";
    static final String PATH = "/admin/traffic/routes/" + ROUTE + "/compare";

    final Map<String, TrafficRoute> routes = Map.of(ROUTE, new TrafficRoute(null, "http://modern", null, null,
            null, null, null, null, null, null, null));
    final TrafficStates states = new TrafficStates(null, routes, 250);
    final TrafficControl control = TrafficFixtures.control(routes, states, new SimpleMeterRegistry(),
            (route, request) -> null);
    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TrafficCompareController(control, states, null,
                    TrafficFixtures.JSON))
            .setControllerAdvice(new SpringProblems())
            .addFilters(new RequestIds())
            .build();

    @AfterEach
    void stop() {
        control.close();
    }

    ResultActions send(String path, String body, String user) throws Exception {
        var request = put(path).contentType(MediaType.APPLICATION_JSON).content(body).header("X-Request-Id", "admin-1");
        if (user != null) {
            request.principal(() -> user);
        }
        return mvc.perform(request);
    }

    @Test
    void shouldAnswerAnUnknownRouteWith404() throws Exception {
        problem(send("/admin/traffic/routes/facade-nope/compare", "{\"reason\":\"x\"}", "alice"), 404,
                "Unknown route", "facade-nope", "/admin/traffic/routes/facade-nope/compare");
        problem(mvc.perform(delete("/admin/traffic/routes/facade-nope/learned-noise?reason=x")
                        .header("X-Request-Id", "admin-1").principal(() -> "alice")), 404, "Unknown route",
                "facade-nope", "/admin/traffic/routes/facade-nope/learned-noise");
    }

    @Test
    void shouldRequireAPrincipal() throws Exception {
        problem(send(PATH, "{\"reason\":\"x\"}", null), 401, "Unauthenticated", "authenticated principal", PATH);
    }

    @Test
    void shouldSayPreciselyWhyABodyIsNotCompareRules() throws Exception {
        problem(send(PATH, "", "alice"), 400, "Invalid compare rules", "a body is required: {\"ignorePaths\"", PATH);
        problem(send(PATH, "null", "alice"), 400, "Invalid compare rules", "a body is required", PATH);
        problem(send(PATH, "{\"ignorePaths\": [\"$.a\"", "alice"), 400, "Invalid compare rules",
                "body is not valid JSON: Unexpected end-of-input", PATH);
        problem(send(PATH, "{\"ignorePath\": [\"$.a\"], \"reason\": \"x\"}", "alice"), 400, "Invalid compare rules",
                "unknown member 'ignorePath' (members: ignorePaths, numericTolerance", PATH);
        problem(send(PATH, "{\"noiseLearning\": {\"on\": true}, \"reason\": \"x\"}", "alice"), 400,
                "Invalid compare rules", "unknown member 'noiseLearning.on'", PATH);
        problem(send(PATH, "{\"numericTolerance\": \"lots\", \"reason\": \"x\"}", "alice"), 400,
                "Invalid compare rules", "body is not JSON compare rules: numericTolerance: ", PATH);
        problem(send(PATH, "{\"ignorePaths\": \"$.a\", \"reason\": \"x\"}", "alice"), 400,
                "Invalid compare rules", "body is not JSON compare rules: ignorePaths: ", PATH);
        problem(send(PATH, "{\"ignorePaths\": [\"$.a\", \"$..b\"], \"reason\": \"x\"}", "alice"), 400,
                "Invalid compare rules", "ignorePaths[1] '$..b' has no valid step at character 2", PATH);
        problem(send(PATH, "{\"numericTolerance\": -1, \"reason\": \"x\"}", "alice"), 400, "Invalid compare rules",
                "numericTolerance must be a finite number ≥ 0", PATH);
        problem(send(PATH, "{\"ignorePaths\": []}", "alice"), 400, "Invalid compare rules", "reason is required",
                PATH);
    }

    @Test
    void shouldReadRulesStrictlyWithoutCoercingNumbersOrReasons() throws Exception {
        problem(send(PATH, "{\"numericTolerance\": \"0.5\", \"reason\": \"x\"}", "alice"), 400,
                "Invalid compare rules", "numericTolerance: ", PATH);
        problem(send(PATH, "{\"ignorePaths\": [], \"reason\": 123}", "alice"), 400, "Invalid compare rules",
                "reason: a string is expected", PATH);
        problem(send(PATH, "{\"ignorePaths\": [123], \"reason\": \"x\"}", "alice"), 400, "Invalid compare rules",
                "ignorePaths[0]: a string is expected", PATH);
        problem(send(PATH, "{\"ignorePaths\": [], \"reason\": \"x\", \"expectedVersion\": 1.5}", "alice"), 400,
                "Invalid compare rules", "expectedVersion: ", PATH);
        problem(send(PATH, "{\"ignorePaths\": [], \"reason\": \"x\", \"expectedVersion\": -3}", "alice"), 400,
                "Invalid compare rules", "expectedVersion must be a version read from compareOrigin.version", PATH);
        problem(send(PATH, "{\"ignorePaths\": [], \"reason\": \"" + "r".repeat(1001) + "\"}", "alice"), 400,
                "Invalid compare rules", "reason has 1001 characters, at most 1000", PATH);
    }

    @Test
    void shouldRequireAReasonToGoBackToTheFileOrForgetNoise() throws Exception {
        for (String path : new String[] {PATH, "/admin/traffic/routes/" + ROUTE + "/learned-noise"}) {
            problem(mvc.perform(delete(path).header("X-Request-Id", "admin-1").principal(() -> "alice")), 400,
                    "Invalid change", "reason is required (?reason= or {\"reason\": \"...\"})", path);
            problem(mvc.perform(delete(path).contentType(MediaType.APPLICATION_JSON).content("{\"why\":1")
                            .header("X-Request-Id", "admin-1").principal(() -> "alice")), 400, "Invalid change",
                    "body must be JSON {\"reason\": \"...\"} (or give ?reason=)", path);
        }
    }
}
