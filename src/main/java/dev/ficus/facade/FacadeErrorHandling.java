package dev.ficus.facade;

import dev.ficus.platform.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.xml.transform.TransformerException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.springframework.stereotype.Component;

/**
 * Shared error handling of façade routes, route configuration id {@value #ID}; Java routes opt in with
 * {@code routeConfigurationId(FacadeErrorHandling.ID)}, YAML routes with {@code routeConfigurationId: facade-errors}.
 *
 * <p>Each failure becomes an RFC 9457 answer and stops the exchange (also the calling route), never a stack trace:
 * <ul>
 *   <li>504: RetailCore did not answer within the route's timeout ({@code SocketTimeoutException});</li>
 *   <li>503 with {@code Retry-After} (s): RetailCore refused or could not be reached (5 s), or its circuit
 *       breaker is open ({@code camel.resilience4j.wait-duration-in-open-state}, s);</li>
 *   <li>502: RetailCore's answer could not be translated (malformed XML, unexpected root, bad value).</li>
 * </ul>
 */
@Component
public class FacadeErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id. */
    public static final String ID = "facade-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(SocketTimeoutException.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "RetailCore timed out after ${exchangeProperty.FicusTimeoutMs} ms")
                    .bean(Problems.class, "gatewayTimeout(${exchange}, "
                            + "'RetailCore did not answer within ${exchangeProperty.FicusTimeoutMs} ms')")
                    .stop()
                .end()
                .onException(ConnectException.class, HttpHostConnectException.class, ConnectTimeoutException.class,
                        NoRouteToHostException.class, UnknownHostException.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "RetailCore unreachable: ${exception.message}")
                    .bean(Problems.class, "unavailable(${exchange}, 'RetailCore is unreachable', 5)")
                    .stop()
                .end()
                .onException(CallNotPermittedException.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "RetailCore circuit breaker is open; not calling it")
                    .bean(Problems.class, "unavailable(${exchange}, 'RetailCore circuit breaker is open', "
                            + "{{camel.resilience4j.wait-duration-in-open-state:60}})")
                    .stop()
                .end()
                .onException(TransformerException.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "RetailCore answer cannot be translated: ${exception.message}")
                    .bean(Problems.class, "badGateway(${exchange}, 'RetailCore answered something that cannot be "
                            + "translated')")
                    .stop()
                .end();
    }
}
