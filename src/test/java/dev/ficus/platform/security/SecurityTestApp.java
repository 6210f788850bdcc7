package dev.ficus.platform.security;

import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestIds;
import dev.ficus.platform.web.SpringProblems;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.system.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.servlet.ServletManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Ficus's HTTP security on Spring Boot's real servlet stack (Undertow, Spring MVC, actuator health) without the
 * rest of Ficus; a catch-all handler stands in for every backend and records what reached it. Deliberately neither
 * a {@code @Configuration} nor a {@code @Controller}: Ficus's component scan (tests and the playground run with test
 * classes on the class path) must never pick this backend up.
 */
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        EmbeddedWebServerFactoryCustomizerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, SecurityAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class,
        EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
        HealthContributorAutoConfiguration.class, DiskSpaceHealthContributorAutoConfiguration.class,
        ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class})
@Import({HttpSecurityConfiguration.class, AdminBodyLimit.class, Problems.class, RequestIds.class, SpringProblems.class,
        dev.ficus.platform.web.ProblemErrorController.class})
class SecurityTestApp {

    /** Every request that reached a handler: {@code METHOD path by principal}. */
    static final List<String> REACHED = new CopyOnWriteArrayList<>();

    /** @return the backend: answers the principal's name; {@code /admin/boom} fails with an internal error */
    @Bean
    RouterFunction<ServerResponse> backend() {
        return RouterFunctions.route(RequestPredicates.path("/admin/**").or(RequestPredicates.path("/api/**"))
                .or(RequestPredicates.path("/legacy/**")).or(RequestPredicates.path("/console/**")), request -> {
                    HttpServletRequest servlet = request.servletRequest();
                    if (servlet.getRequestURI().equals("/admin/boom")) {
                        throw new IllegalStateException("database gone (internal detail)");
                    }
                    Principal principal = request.principal().orElse(null);
                    String who = principal == null ? "nobody" : principal.getName();
                    REACHED.add(servlet.getMethod() + " " + servlet.getRequestURI() + " by " + who);
                    return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).body(who);
                });
    }
}
