package dev.ficus.facade;

import dev.ficus.platform.soap.SoapFault;
import dev.ficus.platform.web.FicusHeaders;
import dev.ficus.platform.web.Problems;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Calls RetailCore for the façade's modern routes and maps its answers to problem details.
 *
 * <p>Route {@code facade-call-legacy} ({@code direct:facade-call-legacy}):
 * <ul>
 *   <li>in: header {@value FacadeHeaders#LEGACY_PATH} = legacy path and query (e.g.
 *       {@code /retailcore/products?start=0&count=20}); optional header {@value #SOAP_ACTION} turns the call into a
 *       {@code POST} of the body (a SOAP 1.1 envelope, {@code text/xml; charset=utf-8}); exchange property
 *       {@value FacadeHeaders#TIMEOUT_MS_PROPERTY} = the route's response timeout in ms (default
 *       {@code legacy.http.response-timeout-ms}). Every other header is dropped, so no client or Camel header
 *       reaches RetailCore; {@code X-Request-Id} is forwarded, and {@code traceparent}/{@code tracestate} name
 *       the call's own span (Camel's HTTP client span, {@code dev.ficus.platform.TracingConfiguration}), a child
 *       of the request's; with tracing off they go as the request carried them;</li>
 *   <li>the call ({@code direct:facade-call-legacy-http}, step id {@code call-legacy}) runs inside the circuit
 *       breaker {@value #BREAKER} (Resilience4j, {@code camel.resilience4j.*});</li>
 *   <li>out on 200: body = RetailCore's XML ({@code String}), no headers; the caller continues;</li>
 *   <li>otherwise the exchange stops with {@code application/problem+json}: 404 when RetailCore says not found,
 *       502 with {@code faultCode} for a SOAP Fault, 502 for any other status; exceptions (503, 504) are mapped
 *       by {@link FacadeErrorHandling}.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(LegacyHttpProperties.class)
public class LegacyCallRoutes extends RouteBuilder {

    /** Endpoint of the route; its id is {@code facade-call-legacy}. */
    public static final String CALL_LEGACY = "direct:facade-call-legacy";

    /** Header: the SOAPAction of a SOAP call (its presence makes the call a POST). */
    public static final String SOAP_ACTION = "FicusSoapAction";

    /** Id of the circuit breaker around RetailCore calls. */
    public static final String BREAKER = "retailcore-breaker";

    private final LegacyHttpProperties http;
    private final Problems problems;

    LegacyCallRoutes(LegacyHttpProperties http, Problems problems) {
        this.http = http;
        this.problems = problems;
    }

    @Override
    public void configure() {
        from(CALL_LEGACY).routeId("facade-call-legacy").routeConfigurationId(FacadeErrorHandling.ID)
                .process(this::prepareRequest)
                .circuitBreaker().id(BREAKER)
                    .to("direct:facade-call-legacy-http")
                .end()
                .convertBodyTo(String.class)
                .process(this::classifyAnswer);

        // Only the HTTP call, so the circuit breaker wraps exactly it. The http component's toD optimisation is
        // off: it would replace CamelHttpQuery with the (empty) query of the URI.
        from("direct:facade-call-legacy-http").routeId("facade-call-legacy-http")
                .toD().uri("{{legacy.base-url}}?throwExceptionOnFailure=false"
                        + "&connectTimeout=" + http.connectTimeoutMs()
                        + "&responseTimeout=${exchangeProperty." + FacadeHeaders.TIMEOUT_MS_PROPERTY + "}")
                .allowOptimisedComponents(false)
                .id("call-legacy");
    }

    private void prepareRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        String legacyPath = in.getHeader(FacadeHeaders.LEGACY_PATH, String.class);
        String soapAction = in.getHeader(SOAP_ACTION, String.class);
        String requestId = in.getHeader(FicusHeaders.REQUEST_ID, String.class);
        String traceparent = in.getHeader(FicusHeaders.TRACEPARENT, String.class);
        String tracestate = in.getHeader(FicusHeaders.TRACESTATE, String.class);
        exchange.setProperty("legacyPath", legacyPath);
        exchange.setProperty(FicusHeaders.REQUEST_ID_PROPERTY, requestId);
        if (exchange.getProperty(FacadeHeaders.TIMEOUT_MS_PROPERTY) == null) {
            exchange.setProperty(FacadeHeaders.TIMEOUT_MS_PROPERTY, http.responseTimeoutMs());
        }
        in.removeHeaders("*");
        int q = legacyPath.indexOf('?');
        in.setHeader(Exchange.HTTP_PATH, q < 0 ? legacyPath : legacyPath.substring(0, q));
        if (q >= 0) {
            in.setHeader(Exchange.HTTP_QUERY, legacyPath.substring(q + 1));
        }
        if (requestId != null) {
            in.setHeader(FicusHeaders.REQUEST_ID, requestId);
        }
        if (traceparent != null) {
            in.setHeader(FicusHeaders.TRACEPARENT, traceparent);
        }
        if (tracestate != null) {
            in.setHeader(FicusHeaders.TRACESTATE, tracestate);
        }
        if (soapAction != null) {
            in.setHeader(Exchange.HTTP_METHOD, "POST");
            in.setHeader(Exchange.CONTENT_TYPE, "text/xml; charset=utf-8");
            in.setHeader("SOAPAction", "\"" + soapAction + "\"");
            in.setHeader("Accept", "text/xml");
        } else {
            in.setHeader(Exchange.HTTP_METHOD, "GET");
            in.setHeader("Accept", "application/xml");
            in.setBody(null);
        }
    }

    private void classifyAnswer(Exchange exchange) {
        Message answer = exchange.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String legacyPath = exchange.getProperty("legacyPath", String.class);
        if (status == 200) {
            answer.removeHeaders("*");
            return;
        }
        String body = answer.getBody(String.class);
        Optional<SoapFault> fault = status == 500 ? SoapFault.parse(body) : Optional.empty();
        if (status == 404) {
            problems.notFound(exchange, "RetailCore has nothing at " + legacyPath);
        } else if (fault.isPresent()) {
            SoapFault f = fault.get();
            log.warn("RetailCore answered SOAP fault {} for {}: {}", f.faultCode(), legacyPath, f.faultString());
            problems.soapFault(exchange, f.faultCode(), f.faultString());
        } else {
            log.warn("RetailCore answered HTTP {} for {}", status, legacyPath);
            problems.badGateway(exchange, "RetailCore answered HTTP " + status);
        }
        exchange.setRouteStop(true);
    }
}
