package dev.ficus.platform.security;

import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestBodyLimit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds the request bodies of the admin API ({@code /admin/**}: traffic changes, compare rules, rollouts,
 * dead-letter resends and discards, CDC snapshots) to {@code ficus.security.max-admin-request-bytes} (default
 * 1 MiB): a larger body is answered 413 {@code application/problem+json} (with the extension member
 * {@code maxBytes}) while it streams, or at once from its {@code Content-Length}, by the same
 * {@link RequestBodyLimit} as the façade and POS bodies. Every admin body is a small JSON document, read whole
 * by its controller; without the bound one request could make it hold any number of bytes.
 *
 * <p>Runs after Spring Security's filter chain, so a caller without the role {@code operator} gets its 401/403
 * before a byte of the body is read.
 */
@Configuration(proxyBeanMethods = false)
public class AdminBodyLimit {

    /** Servlet URL pattern of the admin API (every path under {@code /admin/}). */
    static final String PATH = "/admin/*";

    /** Order: after {@code RequestIds} (highest precedence) and Spring Security's filter chain (order -100). */
    static final int ORDER = 0;

    /**
     * @param properties the security settings ({@code ficus.security.max-admin-request-bytes})
     * @param problems   the problem writer
     * @return the filter on {@link #PATH}
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> adminRequestBodyLimit(HttpSecurityProperties properties,
                                                                   Problems problems) {
        FilterRegistrationBean<RequestBodyLimit> bean = new FilterRegistrationBean<>(new RequestBodyLimit(
                properties.maxAdminRequestBytes(), "ficus.security.max-admin-request-bytes", problems));
        bean.addUrlPatterns(PATH);
        bean.setOrder(ORDER);
        return bean;
    }
}
