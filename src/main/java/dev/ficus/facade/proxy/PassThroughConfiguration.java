package dev.ficus.facade.proxy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import dev.ficus.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.filter.OrderedFormContentFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the pass-through proxy: one {@link PassThroughProxy} servlet per configured route, mapped to
 * {@code <path-prefix>/*} (so it takes precedence over Spring MVC and Camel's platform-http, which sit on
 * {@code /}), and Spring's {@code FormContentFilter} skipping pass-through paths, so a form body on PUT, PATCH
 * or DELETE is streamed to the target instead of being parsed. Undertow's defaults suit a faithful proxy: a
 * {@code %2F} in a path is neither refused nor decoded ({@code server.undertow.allow-encoded-slash=false}), and
 * the proxy forwards the raw request URI anyway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PassThroughProperties.class)
public class PassThroughConfiguration {

    /**
     * @param properties the routes
     * @param meters     Micrometer's registry (a private one when the application has none)
     * @param problems   writes the proxies' own problem answers
     * @return registers one servlet per route
     */
    @Bean
    ServletContextInitializer passThroughServlets(PassThroughProperties properties,
                                                  ObjectProvider<MeterRegistry> meters, Problems problems) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return context -> {
            for (Route route : properties.routes()) {
                ServletRegistration.Dynamic registration = context.addServlet("passthrough-" + route.id(),
                        new PassThroughProxy(route, registry, problems));
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
     * Undertow honours a request's {@code Connection: close} only when it is the header's whole value; RFC 9112
     * section 9.6 makes it an option in a list ({@code Connection: close, X-Hop}). This marks such a connection
     * to close after the response ({@code Connection: close} is then answered), for the whole server.
     *
     * @return Undertow customisation: the connection-close wrapper
     */
    @Bean
    WebServerFactoryCustomizer<UndertowServletWebServerFactory> connectionCloseOption() {
        return factory -> factory.addDeploymentInfoCustomizers(info -> info.addOuterHandlerChainWrapper(
                next -> exchange -> {
                    HeaderValues connection = exchange.getRequestHeaders().get(Headers.CONNECTION);
                    if (connection != null && connection.stream().flatMap(value -> Arrays.stream(value.split(",")))
                                    .anyMatch(option -> option.trim().equalsIgnoreCase("close"))) {
                        exchange.setPersistent(false);
                    }
                    next.handleRequest(exchange);
                }));
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
}
