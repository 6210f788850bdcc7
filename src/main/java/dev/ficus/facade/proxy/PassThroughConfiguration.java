package dev.ficus.facade.proxy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the pass-through proxy: one {@link PassThroughProxy} servlet per configured route, mapped to
 * {@code <path-prefix>/*} (so it takes precedence over Spring MVC and Camel's platform-http, which sit on
 * {@code /}), and the embedded Tomcat settings a faithful proxy needs:
 * <ul>
 *   <li>{@code encodedSolidusHandling=passthrough} on the connector: {@code %2F} in a path is neither refused
 *       (Tomcat's default answers 400) nor decoded; the proxy forwards the raw request URI anyway;</li>
 *   <li>a context valve that closes the client connection at once when the proxy marks the request aborted (the
 *       target failed while its answer streamed). The servlet API has no way to do that: throwing would make
 *       Tomcat append an error page to the half-sent body and then end the chunked stream as if complete;</li>
 *   <li>Spring's {@code FormContentFilter} skips pass-through paths, so a form body on PUT, PATCH or DELETE is
 *       streamed to the target instead of being parsed.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassThroughProperties.class)
public class PassThroughConfiguration {

    /**
     * @param properties the routes
     * @param meters     Micrometer's registry (a private one when the application has none)
     * @return registers one servlet per route
     */
    @Bean
    ServletContextInitializer passThroughServlets(PassThroughProperties properties,
                                                  ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return context -> {
            for (Route route : properties.routes()) {
                ServletRegistration.Dynamic registration =
                        context.addServlet("passthrough-" + route.id(), new PassThroughProxy(route, registry));
                Set<String> conflicts = registration.addMapping(route.pathPrefix() + "/*");
                if (!conflicts.isEmpty()) {
                    throw new ServletException("facade.passthrough.routes[" + route.id() + "]: path-prefix "
                            + route.pathPrefix() + " is already mapped: " + conflicts);
                }
                registration.setLoadOnStartup(1);
            }
        };
    }

    /**
     * @return Tomcat customisation: {@code %2F} passed through, the abort valve installed
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> passThroughTomcat() {
        return factory -> {
            factory.addConnectorCustomizers(connector ->
                    connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
            factory.addContextCustomizers(context -> context.getPipeline().addValve(new AbortValve()));
        };
    }

    /**
     * Spring Boot's form filter, except on pass-through paths (it would consume form bodies of PUT, PATCH and
     * DELETE requests before the proxy can stream them). Spring Boot backs off its own when this bean exists.
     *
     * @param properties the routes
     * @return the filter
     */
    @Bean
    OrderedFormContentFilter passThroughAwareFormContentFilter(PassThroughProperties properties) {
        List<String> prefixes = properties.routes().stream().map(Route::pathPrefix).toList();
        return new OrderedFormContentFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
            }
        };
    }

    /** Closes the client connection without completing the response when the proxy asks for it. */
    static final class AbortValve extends ValveBase {

        AbortValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(PassThroughProxy.ABORT_ATTRIBUTE) != null) {
                // What Tomcat's ErrorReportValve does for an error after commit, without writing an error page.
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            }
        }
    }
}
