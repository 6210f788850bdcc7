package dev.ficus.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) as RFC 9457 problem+json, in place of Spring Boot's
 * {@code {"timestamp","status","error","path"}}: whatever answered with {@code sendError} outside Spring MVC (a
 * servlet filter, the firewall, the container) gets {@code type, title, status, detail, instance} (the original
 * request path) and {@code requestId} (the exchange's {@code X-Request-Id}, also set again on the answer), written by {@link Problems}. The
 * detail is the status's reason phrase: an exception's message never reaches the client.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final Problems problems;

    ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    /**
     * @param request  the error dispatch; {@code jakarta.servlet.error.status_code} and {@code .request_uri} are read
     * @param response the response, not committed
     * @throws IOException when the client cannot be written to
     */
    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = Problems.problem(status, known == null ? "HTTP " + status : known.getReasonPhrase());
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object requestId = request.getAttribute(RequestIds.REQUEST_ATTRIBUTE);
        Problems.withContext(problem, path == null ? request.getRequestURI() : path.toString(),
                requestId == null ? null : requestId.toString());
        response.resetBuffer();
        if (requestId != null) {
            MDC.put(RequestIds.MDC_KEY, requestId.toString());   // so the answer carries X-Request-Id again
        }
        try {
            problems.write(request, response, problem);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
