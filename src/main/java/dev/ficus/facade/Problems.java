package dev.ficus.facade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}) as the answer of a façade exchange.
 *
 * <p>Registered as the bean {@code problems} so YAML routes can call it, e.g.
 * {@code bean: {ref: problems, method: "badRequest(${exchange}, 'id', 'must be a positive integer')"}}.
 * Each method replaces the message body with a JSON {@code String}
 * ({@code {"type","title","status","detail","instance"}} plus extensions), removes every other header, sets
 * {@code Content-Type} and {@code CamelHttpResponseCode}, and never includes a stack trace.
 */
@Component("problems")
public class Problems {

    /** Media type of RFC 9457 problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * 400: the request is invalid.
     *
     * @param exchange the façade exchange; its body becomes the problem
     * @param field    the offending field (path, query or body), reported under {@code invalidParams}
     * @param reason   why the value is refused
     */
    public void badRequest(Exchange exchange, String field, String reason) {
        badRequest(exchange, java.util.List.of(java.util.Map.entry(field, reason)));
    }

    /**
     * 400: the request is invalid in one or more fields.
     *
     * @param exchange the façade exchange
     * @param invalid  field name to reason, in the order to report them; each becomes one {@code invalidParams}
     *                 entry ({@code {"name","reason"}})
     */
    public void badRequest(Exchange exchange, java.util.List<java.util.Map.Entry<String, String>> invalid) {
        StringBuilder detail = new StringBuilder();
        for (var e : invalid) {
            detail.append(detail.isEmpty() ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue());
        }
        ObjectNode problem = problem(exchange, 400, "Bad Request", detail.toString());
        var params = problem.putArray("invalidParams");
        invalid.forEach(e -> params.addObject().put("name", e.getKey()).put("reason", e.getValue()));
        write(exchange, 400, problem);
    }

    /**
     * 404: the legacy system says the entity does not exist.
     *
     * @param exchange the façade exchange
     * @param detail   what was not found, e.g. {@code "product 999 not found"}
     */
    public void notFound(Exchange exchange, String detail) {
        write(exchange, 404, problem(exchange, 404, "Not Found", detail));
    }

    /**
     * 502: the legacy system answered something the façade cannot use (garbage, unexpected status, fault).
     *
     * @param exchange the façade exchange
     * @param detail   what was wrong with the answer
     */
    public void badGateway(Exchange exchange, String detail) {
        write(exchange, 502, problem(exchange, 502, "Bad Gateway", detail));
    }

    /**
     * 502 for a SOAP 1.1 Fault from RetailCore, carrying its {@code faultcode} and {@code faultstring}.
     *
     * @param exchange    the façade exchange
     * @param faultCode   the fault's {@code faultcode}, e.g. {@code soap:Client}
     * @param faultString the fault's {@code faultstring}
     */
    public void soapFault(Exchange exchange, String faultCode, String faultString) {
        ObjectNode problem = problem(exchange, 502, "Bad Gateway", "RetailCore answered a SOAP fault: "
                + faultString);
        problem.put("faultCode", faultCode);
        problem.put("faultString", faultString);
        write(exchange, 502, problem);
    }

    /**
     * 503 with {@code Retry-After}: the legacy system cannot be reached.
     *
     * @param exchange          the façade exchange
     * @param detail            why
     * @param retryAfterSeconds value of the {@code Retry-After} header, in seconds
     */
    public void unavailable(Exchange exchange, String detail, int retryAfterSeconds) {
        write(exchange, 503, problem(exchange, 503, "Service Unavailable", detail));
        exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
    }

    /**
     * 504: the legacy system did not answer within the route's timeout.
     *
     * @param exchange the façade exchange
     * @param detail   which timeout expired
     */
    public void gatewayTimeout(Exchange exchange, String detail) {
        write(exchange, 504, problem(exchange, 504, "Gateway Timeout", detail));
    }

    private ObjectNode problem(Exchange exchange, int status, String title, String detail) {
        ObjectNode problem = mapper.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        Object path = exchange.getProperty(FacadeHeaders.REQUEST_PATH_PROPERTY);
        if (path == null) {
            path = exchange.getIn().getHeader(Exchange.HTTP_URI);
        }
        if (path != null) {
            problem.put("instance", path.toString());
        }
        Object requestId = exchange.getProperty(FacadeHeaders.REQUEST_ID_PROPERTY);
        if (requestId == null) {
            requestId = exchange.getMessage().getHeader(FacadeHeaders.REQUEST_ID);
        }
        if (requestId != null) {
            problem.put("requestId", requestId.toString());
        }
        return problem;
    }

    private void write(Exchange exchange, int status, ObjectNode problem) {
        Message message = exchange.getMessage();
        // Neither the client's request headers nor RetailCore's response headers belong in the answer.
        // (RequestIds has already put X-Request-Id on the HTTP response.)
        message.removeHeaders("*");
        message.setBody(problem.toString());
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
    }
}
