package dev.ficus.facade;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.springframework.stereotype.Component;

/**
 * Shared error handling of façade routes, route configuration id {@value #ID}; Java routes opt in with
 * {@code routeConfigurationId(FacadeErrorHandling.ID)}, YAML routes with {@code routeConfigurationId: facade-errors}.
 *
 * <p>Failures talking to RetailCore become RFC 9457 answers and stop the exchange (also the calling route):
 * a read timeout answers 504; a refused, unroutable or timed-out connection answers 503 with
 * {@code Retry-After: 5} (seconds). Anything else is left to Camel's default handling (HTTP 500, no stack trace
 * in the body).
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
                    .log(org.apache.camel.LoggingLevel.WARN, "RetailCore timed out: ${exception.message}")
                    .bean(Problems.class, "gatewayTimeout(${exchange}, "
                            + "'RetailCore did not answer within {{legacy.http.response-timeout-ms}} ms')")
                    .stop()
                .end()
                .onException(ConnectException.class, HttpHostConnectException.class, ConnectTimeoutException.class,
                        NoRouteToHostException.class, UnknownHostException.class)
                    .handled(true)
                    .log(org.apache.camel.LoggingLevel.WARN, "RetailCore unreachable: ${exception.message}")
                    .bean(Problems.class, "unavailable(${exchange}, 'RetailCore is unreachable', 5)")
                    .stop()
                .end();
    }
}
