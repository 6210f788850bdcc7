package dev.ficus.facade;

import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestBodyLimit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds the request bodies of the façade API ({@code /api/v1/orders}, {@code /api/v1/products},
 * {@code /api/v1/customers} and everything below them) to {@code facade.max-request-bytes}: a larger body is
 * answered 413 {@code application/problem+json} while it streams, or at once from its {@code Content-Length}
 * ({@link RequestBodyLimit}); Camel's platform-http binding would otherwise read any body whole into memory before
 * the route sees it. The pass-through proxy ({@code facade.passthrough}) is not under these paths and streams
 * bodies of any size.
 */
@Configuration(proxyBeanMethods = false)
public class FacadeBodyLimit {

    /** Servlet URL patterns of the façade API's request bodies. */
    static final String[] PATHS = {"/api/v1/orders", "/api/v1/orders/*", "/api/v1/products",
        "/api/v1/products/*", "/api/v1/customers", "/api/v1/customers/*"};

    /**
     * Order: after {@code RequestIds} (highest precedence) and Spring Security's filter chain (order -100).
     */
    static final int ORDER = 0;

    /**
     * @param facade   the façade settings ({@code facade.max-request-bytes})
     * @param problems the problem writer
     * @return the filter on {@link #PATHS}
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> facadeRequestBodyLimit(FacadeProperties facade, Problems problems) {
        FilterRegistrationBean<RequestBodyLimit> bean = new FilterRegistrationBean<>(
                new RequestBodyLimit(facade.maxRequestBytes(), "facade.max-request-bytes", problems));
        bean.addUrlPatterns(PATHS);
        bean.setOrder(ORDER);
        return bean;
    }
}
