package dev.ficus.traffic;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused traffic-control request, as an RFC 9457 problem: {@link #status()}, {@link #title()} and the detail
 * ({@link #getMessage()}). The application's one {@code @RestControllerAdvice} renders it as
 * {@code application/problem+json} ({@code type, title, status, detail, instance, requestId}).
 */
public class TrafficException extends ErrorResponseException {

    /**
     * @param status HTTP status, 4xx
     * @param title  short summary, e.g. {@code Invalid transition}
     * @param detail what exactly is wrong
     */
    public TrafficException(int status, String title, String detail) {
        super(HttpStatusCode.valueOf(status), problem(status, title, detail), null);
    }

    private static ProblemDetail problem(int status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setTitle(title);
        return problem;
    }

    /** @return the HTTP status */
    public int status() {
        return getStatusCode().value();
    }

    /** @return the problem title */
    public String title() {
        return getBody().getTitle();
    }

    /** @return the problem detail: what exactly is wrong */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    static TrafficException unknownRoute(String routeId) {
        return new TrafficException(404, "Unknown route", "no traffic declaration for route '" + routeId
                + "' (declare it in the traffic routes file)");
    }
}
