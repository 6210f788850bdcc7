package dev.ficus.facade;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Calls RetailCore for the façade's modern routes and maps its failures to problem details.
 *
 * <p>Route {@code facade-call-legacy} ({@code direct:facade-call-legacy}):
 * <ul>
 *   <li>in: header {@value FacadeHeaders#LEGACY_PATH} = the legacy path (e.g. {@code /retailcore/products/11});
 *       every other header is dropped so no client or Camel header reaches the legacy system;</li>
 *   <li>calls {@code GET {{legacy.base-url}}<path>} with connect / response timeouts
 *       {@code legacy.http.connect-timeout-ms} / {@code legacy.http.response-timeout-ms} (ms);</li>
 *   <li>out on 200: body = the legacy XML ({@code String}), and the exchange continues in the caller;</li>
 *   <li>otherwise the exchange stops with an {@code application/problem+json} answer: 404 when RetailCore
 *       says not found, 502 on any other status, 503 (with {@code Retry-After}) when the connection is refused,
 *       504 when RetailCore is slower than the response timeout.</li>
 * </ul>
 */
@Component
public class LegacyCallRoutes extends RouteBuilder {

    /** Endpoint of the route; its id is {@code facade-call-legacy}. */
    public static final String CALL_LEGACY = "direct:facade-call-legacy";

    @Override
    public void configure() {
        from(CALL_LEGACY).routeId("facade-call-legacy").routeConfigurationId(FacadeErrorHandling.ID)
                .setProperty("legacyPath", header(FacadeHeaders.LEGACY_PATH))
                .removeHeaders("*")
                .setBody(constant((Object) null))
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .setHeader(Exchange.HTTP_PATH, exchangeProperty("legacyPath"))
                .setHeader("Accept", constant("application/xml"))
                .to("{{legacy.base-url}}?throwExceptionOnFailure=false"
                        + "&connectTimeout={{legacy.http.connect-timeout-ms}}"
                        + "&responseTimeout={{legacy.http.response-timeout-ms}}").id("call-legacy")
                .convertBodyTo(String.class)
                .choice()
                    .when(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(200))
                        .removeHeaders("*", Exchange.HTTP_RESPONSE_CODE)
                    .when(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(404))
                        .bean(Problems.class, "notFound(${exchange}, "
                                + "'RetailCore has nothing at ${exchangeProperty.legacyPath}')")
                        .stop()
                    .otherwise()
                        .log(org.apache.camel.LoggingLevel.WARN,
                                "RetailCore answered ${header.CamelHttpResponseCode} for ${exchangeProperty.legacyPath}")
                        .bean(Problems.class, "badGateway(${exchange}, "
                                + "'RetailCore answered HTTP ${header.CamelHttpResponseCode}')")
                        .stop()
                .end();
    }
}
