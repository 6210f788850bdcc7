package dev.ficus.facade;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which message headers of a Camel platform-http exchange become HTTP response headers.
 *
 * <p>Camel copies the request's headers (and query parameters, which platform-http maps to headers) into the
 * exchange and, by default, writes them back to the client. For the modern API only response headers on this
 * allow-list reach the client: {@code Content-Language}, {@code Content-Disposition},
 * {@code Location}, {@code Retry-After}, {@code Cache-Control}, {@code ETag}, {@code Last-Modified},
 * {@code Expires}, {@code Vary}, {@code Link}, {@code Allow}, {@code WWW-Authenticate}, and traffic control's
 * {@code X-Ficus-Served-By} ({@code legacy} or {@code modern}). {@code Content-Type} is not on it because Camel's
 * HTTP binding already sets it with {@code setContentType}: added again as a header, Undertow would send it twice.
 * Incoming headers are
 * mapped as Camel's default HTTP strategy does (internal {@code Camel*} headers from clients are dropped).
 */
@Configuration(proxyBeanMethods = false)
public class ResponseHeaderFilter extends HttpHeaderFilterStrategy {

    private static final Set<String> RESPONSE_HEADERS = Set.of("content-language",
            "content-disposition", "location", "retry-after", "cache-control", "etag", "last-modified", "expires",
            "vary", "link", "allow", "www-authenticate", "x-ficus-served-by");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /**
     * @return a customizer that installs this filter on Camel's {@code platform-http} component
     */
    @Bean
    static ComponentCustomizer platformHttpResponseHeaders() {
        return ComponentCustomizer.builder(PlatformHttpComponent.class)
                .build(component -> component.setHeaderFilterStrategy(new ResponseHeaderFilter()));
    }
}
