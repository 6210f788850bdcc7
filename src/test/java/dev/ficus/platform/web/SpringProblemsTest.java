package dev.ficus.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The problem shape of Spring MVC controllers (admin APIs): thrown {@link ErrorResponseException}s, returned
 * {@link ProblemDetail}s and Spring's own errors all carry {@code type, title, status, detail, instance, requestId}.
 */
class SpringProblemsTest {

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new AdminController()).setControllerAdvice(new SpringProblems()).build();
        MDC.put(RequestIds.MDC_KEY, "req-9");
    }

    @AfterEach
    void clear() {
        MDC.remove(RequestIds.MDC_KEY);
    }

    @Test
    void shouldShapeAThrownErrorResponseException() throws Exception {
        mvc.perform(post("/admin/things/7"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.detail").value("thing 7 is locked"))
                .andExpect(jsonPath("$.instance").value("/admin/things/7"))
                .andExpect(jsonPath("$.requestId").value("req-9"));
    }

    @Test
    void shouldShapeAReturnedProblemDetailKeepingItsTitle() throws Exception {
        mvc.perform(get("/admin/things/returned"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.title").value("Invalid change"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("percent must be 0..100"))
                .andExpect(jsonPath("$.instance").value("/admin/things/returned"))
                .andExpect(jsonPath("$.requestId").value("req-9"));
    }

    @Test
    void shouldNameTheMissingEndpoint() throws Exception {
        mvc.perform(get("/admin/things/missing"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No endpoint GET /api/v1/nope"))
                .andExpect(jsonPath("$.instance").value("/admin/things/missing"))
                .andExpect(jsonPath("$.requestId").value("req-9"));
    }

    @Test
    void shouldShapeSpringsOwnErrors() throws Exception {
        mvc.perform(get("/admin/things/7"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.title").value("Method Not Allowed"))
                .andExpect(jsonPath("$.instance").value("/admin/things/7"))
                .andExpect(jsonPath("$.requestId").value("req-9"));
    }

    @RestController
    static class AdminController {

        @PostMapping("/admin/things/{id}")
        void change(@org.springframework.web.bind.annotation.PathVariable String id) {
            throw new ErrorResponseException(HttpStatus.CONFLICT,
                    ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "thing " + id + " is locked"), null);
        }

        @GetMapping("/admin/things/returned")
        ResponseEntity<ProblemDetail> returned() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "percent must be 0..100");
            problem.setTitle("Invalid change");
            return ResponseEntity.status(400).body(problem);
        }

        @GetMapping("/admin/things/missing")
        void missing() throws NoResourceFoundException {
            throw new NoResourceFoundException(HttpMethod.GET, "api/v1/nope");
        }
    }
}
