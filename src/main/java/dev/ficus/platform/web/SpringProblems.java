package dev.ficus.platform.web;

import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's problems shaped like every other Ficus problem (RFC 9457 {@code application/problem+json}:
 * {@code type, title, status, detail, instance} plus {@code requestId}, the exchange's {@code X-Request-Id}; see
 * {@link Problems}).
 *
 * <ul>
 *   <li>Spring MVC's own errors (no such endpoint 404, method not allowed 405, unsupported media type 415,
 *       unreadable body 400, ...) and any {@code org.springframework.web.ErrorResponseException} a controller
 *       throws become problems; a 404 says {@code "No endpoint GET /api/v1/nope"} rather than Spring's "No static
 *       resource ..." (Ficus serves no static resources there). Spring Boot's own handler
 *       ({@code spring.mvc.problemdetails.enabled}) backs off for this one.</li>
 *   <li>Every {@link ProblemDetail} body a controller or exception handler answers (also from a controller's own
 *       {@code @ExceptionHandler}, which still wins) gets {@code instance} (the request path) and
 *       {@code requestId} when it lacks them.</li>
 * </ul>
 */
@RestControllerAdvice
public class SpringProblems extends ResponseEntityExceptionHandler implements ResponseBodyAdvice<Object> {

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath());
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /**
     * @return true: every body is looked at, {@link ProblemDetail}s only are changed
     */
    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    /**
     * Adds {@code instance} and {@code requestId} to a {@link ProblemDetail} body that lacks them.
     *
     * @return the body, unchanged unless it is a {@link ProblemDetail}
     */
    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            String path = request instanceof ServletServerHttpRequest servlet
                    ? servlet.getServletRequest().getRequestURI() : request.getURI().getRawPath();
            Problems.withContext(problem, path, MDC.get(RequestIds.MDC_KEY));
        }
        return body;
    }
}
