package dev.ficus.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The one writer of RFC 9457 problem details ({@code application/problem+json}) in Ficus.
 *
 * <p>Every problem has the members {@code type} ({@code about:blank} unless set), {@code title} (the standard
 * reason phrase of the status unless set), {@code status}, {@code detail}, {@code instance} (the client's request
 * path) and the extension member {@code requestId} (the exchange's {@code X-Request-Id}), then any further
 * extension members (e.g. {@code invalidParams}, {@code faultCode}, {@code faultString}); never a stack trace. The
 * model is Spring's {@link ProblemDetail}; it is written to
 * <ul>
 *   <li>a Camel exchange: the façade shortcuts below ({@link #badRequest}, {@link #notFound}, ...) and
 *       {@link #write(Exchange, ProblemDetail)};</li>
 *   <li>a raw servlet response (pass-through proxy, servlet filters): {@link #write(HttpServletRequest,
 *       HttpServletResponse, ProblemDetail)};</li>
 *   <li>Spring MVC: a controller throws {@code ErrorResponseException} or returns a {@link ProblemDetail};
 *       {@link SpringProblems} adds {@code instance} and {@code requestId} with {@link #withContext}.</li>
 * </ul>
 *
 * <p>Registered as the bean {@code problems} so YAML routes can call it, e.g.
 * {@code bean: {ref: problems, method: "badRequest(${exchange}, 'id', 'must be a positive integer')"}}.
 */
@Component("problems")
public class Problems {

    /** Media type of RFC 9457 problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Name of the extension member carrying the request id. */
    public static final String REQUEST_ID_MEMBER = "requestId";

    private final ObjectMapper mapper;

    /**
     * @param mapper Spring's {@code ObjectMapper} (extension member values are serialised with it)
     */
    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * 400: the request is invalid.
     *
     * @param exchange the façade exchange; its body becomes the problem
     * @param field    the offending field (path, query or body), reported under {@code invalidParams}
     * @param reason   why the value is refused
     */
    public void badRequest(Exchange exchange, String field, String reason) {
        badRequest(exchange, List.of(Map.entry(field, reason)));
    }

    /**
     * 400: the request is invalid in one or more fields.
     *
     * @param exchange the façade exchange
     * @param invalid  field name to reason, in the order to report them; each becomes one {@code invalidParams}
     *                 entry ({@code {"name","reason"}}); {@code detail} joins them as {@code "name: reason; ..."}
     */
    public void badRequest(Exchange exchange, List<Map.Entry<String, String>> invalid) {
        StringBuilder detail = new StringBuilder();
        List<Map<String, String>> params = new ArrayList<>();
        for (var e : invalid) {
            detail.append(detail.isEmpty() ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue());
            Map<String, String> param = new LinkedHashMap<>();
            param.put("name", e.getKey());
            param.put("reason", e.getValue());
            params.add(param);
        }
        ProblemDetail problem = problem(400, detail.toString());
        problem.setProperty("invalidParams", params);
        write(exchange, problem);
    }

    /**
     * 404: the legacy system says the entity does not exist.
     *
     * @param exchange the façade exchange
     * @param detail   what was not found, e.g. {@code "product 999 not found"}
     */
    public void notFound(Exchange exchange, String detail) {
        write(exchange, problem(404, detail));
    }

    /**
     * 502: the legacy system answered something the façade cannot use (garbage, unexpected status, fault).
     *
     * @param exchange the façade exchange
     * @param detail   what was wrong with the answer
     */
    public void badGateway(Exchange exchange, String detail) {
        write(exchange, problem(502, detail));
    }

    /**
     * 502 for a SOAP 1.1 Fault from RetailCore, carrying its {@code faultcode} and {@code faultstring} as the
     * extension members {@code faultCode} and {@code faultString}.
     *
     * @param exchange    the façade exchange
     * @param faultCode   the fault's {@code faultcode}, e.g. {@code soap:Client}
     * @param faultString the fault's {@code faultstring}
     */
    public void soapFault(Exchange exchange, String faultCode, String faultString) {
        ProblemDetail problem = problem(502, "RetailCore answered a SOAP fault: " + faultString);
        problem.setProperty("faultCode", faultCode);
        problem.setProperty("faultString", faultString);
        write(exchange, problem);
    }

    /**
     * 503 with {@code Retry-After}: the legacy system cannot be reached.
     *
     * @param exchange          the façade exchange
     * @param detail            why
     * @param retryAfterSeconds value of the {@code Retry-After} header, in seconds
     */
    public void unavailable(Exchange exchange, String detail, int retryAfterSeconds) {
        write(exchange, problem(503, detail));
        exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
    }

    /**
     * 504: the legacy system did not answer within the route's timeout.
     *
     * @param exchange the façade exchange
     * @param detail   which timeout expired
     */
    public void gatewayTimeout(Exchange exchange, String detail) {
        write(exchange, problem(504, detail));
    }

    /**
     * Makes {@code problem} the answer of a Camel (platform-http) exchange: the body becomes the JSON
     * ({@code String}), every other header is removed (neither the client's request headers nor a legacy system's
     * response headers belong in the answer; {@link RequestIds} has already put {@code X-Request-Id} on the HTTP
     * response), {@code Content-Type} and {@code CamelHttpResponseCode} are set. {@code instance} defaults to the
     * exchange property {@value FicusHeaders#REQUEST_PATH_PROPERTY} or else header {@code CamelHttpUri};
     * {@code requestId} to the property {@value FicusHeaders#REQUEST_ID_PROPERTY} or else header
     * {@value FicusHeaders#REQUEST_ID}.
     *
     * @param exchange the exchange to answer
     * @param problem  the problem; {@code instance} and {@code requestId} are added when missing
     */
    public void write(Exchange exchange, ProblemDetail problem) {
        Object path = exchange.getProperty(FicusHeaders.REQUEST_PATH_PROPERTY);
        if (path == null) {
            path = exchange.getIn().getHeader(Exchange.HTTP_URI);
        }
        Object requestId = exchange.getProperty(FicusHeaders.REQUEST_ID_PROPERTY);
        if (requestId == null) {
            requestId = exchange.getMessage().getHeader(FicusHeaders.REQUEST_ID);
        }
        withContext(problem, path == null ? null : path.toString(), requestId == null ? null : requestId.toString());
        String json = new String(toJson(problem), StandardCharsets.UTF_8);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(json);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.getStatus());
        message.setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
    }

    /**
     * Writes {@code problem} as the whole answer of a servlet request that is not committed yet: status,
     * {@code Content-Type: application/problem+json} (no charset parameter: JSON is UTF-8), {@code Content-Length}
     * (bytes), {@code X-Request-Id} (when known) and the body. Headers already set (e.g. {@code Retry-After},
     * {@code WWW-Authenticate}) stay. {@code instance} defaults to the raw request URI, {@code requestId} to the
     * logging MDC's {@value RequestIds#MDC_KEY} (set by {@link RequestIds} or the pass-through proxy).
     *
     * @param request  the client's request
     * @param response its response, not committed
     * @param problem  the problem; {@code instance} and {@code requestId} are added when missing
     * @throws IOException when the client cannot be written to
     */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        String requestId = MDC.get(RequestIds.MDC_KEY);
        withContext(problem, request.getRequestURI(), requestId);
        byte[] bytes = toJson(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(PROBLEM_JSON);
        if (requestId != null) {
            response.setHeader(FicusHeaders.REQUEST_ID, requestId);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * The problem's JSON: {@code type, title, status, detail, instance, requestId}, then the other extension
     * members in the order they were set; absent members are left out.
     *
     * @param problem the problem
     * @return UTF-8 JSON bytes
     */
    public byte[] toJson(ProblemDetail problem) {
        ObjectNode json = mapper.createObjectNode();
        json.put("type", problem.getType().toString());
        if (problem.getTitle() != null) {
            json.put("title", problem.getTitle());
        }
        json.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            json.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            json.put("instance", problem.getInstance().toString());
        }
        Map<String, Object> members = problem.getProperties() == null ? Map.of() : problem.getProperties();
        if (members.get(REQUEST_ID_MEMBER) != null) {
            json.put(REQUEST_ID_MEMBER, members.get(REQUEST_ID_MEMBER).toString());
        }
        members.forEach((name, value) -> {
            if (!REQUEST_ID_MEMBER.equals(name)) {
                json.set(name, mapper.valueToTree(value));
            }
        });
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A problem of type {@code about:blank}, titled with the status's standard reason phrase (RFC 9110).
     *
     * @param status the HTTP status, 400..599
     * @param detail the human-readable explanation of this occurrence
     * @return a new, mutable problem
     */
    public static ProblemDetail problem(int status, String detail) {
        return ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
    }

    /**
     * Adds what every Ficus problem carries when it is still missing: {@code instance} (a path that is not a valid
     * URI reference is percent-encoded; one that cannot be made one is left out) and the extension member
     * {@code requestId}.
     *
     * @param problem   the problem, changed in place
     * @param path      the client's request path, or null
     * @param requestId the request id, or null
     * @return {@code problem}
     */
    public static ProblemDetail withContext(ProblemDetail problem, String path, String requestId) {
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(uriReference(path));
        }
        if (requestId != null && (problem.getProperties() == null
                || !problem.getProperties().containsKey(REQUEST_ID_MEMBER))) {
            problem.setProperty(REQUEST_ID_MEMBER, requestId);
        }
        return problem;
    }

    private static URI uriReference(String path) {
        try {
            return new URI(path);
        } catch (URISyntaxException raw) {
            try {
                return new URI(null, null, path, null);
            } catch (URISyntaxException encoded) {
                return null;
            }
        }
    }
}
