package dev.ficus.facade;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's own errors (no such endpoint 404, method not allowed 405, unsupported media type 415, unreadable
 * body 400, ...) as RFC 9457 {@code application/problem+json} shaped like the façade's: {@code type, title,
 * status, detail, instance} plus {@code requestId} (the exchange's {@code X-Request-Id}). A 404 says
 * {@code "No endpoint GET /api/v1/nope"} rather than Spring's "No static resource ..." (Ficus serves no static
 * resources there). Spring Boot's own handler ({@code spring.mvc.problemdetails.enabled}) backs off for this one.
 * Controllers' own {@code @ExceptionHandler}s still win.
 */
@RestControllerAdvice
public class SpringProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath());
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null && request instanceof NativeWebRequest nativeRequest
                    && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
                try {
                    problem.setInstance(URI.create(servletRequest.getRequestURI()));
                } catch (IllegalArgumentException notAUri) {
                    // leave instance out rather than fail the error answer
                }
            }
            String requestId = MDC.get(RequestIds.MDC_KEY);
            if (requestId != null) {
                problem.setProperty("requestId", requestId);
            }
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
