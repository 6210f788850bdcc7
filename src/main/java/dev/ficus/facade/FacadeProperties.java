package dev.ficus.facade;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the modern API façade, block {@code facade} in {@code application.yml} (defaults live there;
 * the pass-through proxy has its own block, {@code facade.passthrough}).
 *
 * @param currency ISO 4217 code of the currency RetailCore keeps its money in, e.g. {@code USD}; order requests
 *                 must use it
 * @param cache    the read-through caches of translated RetailCore answers ({@link FacadeCache})
 * @param routes   per façade route id (e.g. {@code facade-get-product}) its settings: routes made from
 *                 {@link FacadeRouteTemplate} read them here (not listed: they wait
 *                 {@code legacy.http.response-timeout-ms}), hand-written YAML routes as property placeholders
 *                 ({@code {{facade.routes.facade-create-order.timeout-ms}}})
 * @param maxRequestBytes largest request body of the façade API ({@code /api/v1/orders}, {@code /api/v1/products},
 *                 {@code /api/v1/customers} and below), bytes; a larger one is answered 413 while it streams
 *                 ({@link FacadeBodyLimit})
 */
@ConfigurationProperties("facade")
public record FacadeProperties(String currency, Cache cache, Map<String, Route> routes, long maxRequestBytes) {

    /**
     * @throws NullPointerException     when {@code facade.currency} or {@code facade.cache} is missing
     * @throws IllegalArgumentException when {@code facade.max-request-bytes} is not positive
     */
    public FacadeProperties {
        Objects.requireNonNull(currency, "facade.currency is missing");
        Objects.requireNonNull(cache, "facade.cache is missing");
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("facade.max-request-bytes must be positive, was " + maxRequestBytes);
        }
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    /**
     * @param routeId a façade route id
     * @return how long that route waits for RetailCore's answer, in ms, or {@code null} when not configured
     */
    public Long timeoutMs(String routeId) {
        Route route = routes.get(routeId);
        return route == null ? null : route.timeoutMs();
    }

    /**
     * The façade caches; each entry expires this long after it was written.
     *
     * @param productsTtlMs  TTL of {@code GET /api/v1/products/{id}} answers, ms; 0 turns the cache off
     * @param inventoryTtlMs TTL of {@code GET /api/v1/products/{id}/inventory} answers, ms; 0 turns the cache off
     * @param evictOnChange  whether change events of the legacy database ({@code retail.product.changed},
     *                       {@code retail.inventory.stock-changed}) evict the entries they are about
     *                       ({@link CacheEvictionListeners}); otherwise entries only expire
     */
    public record Cache(long productsTtlMs, long inventoryTtlMs, boolean evictOnChange) {
    }

    /**
     * Settings of one façade route.
     *
     * @param timeoutMs how long the route waits for RetailCore's answer, ms (then 504); positive
     */
    public record Route(long timeoutMs) {

        /**
         * @throws IllegalArgumentException when the timeout is not positive
         */
        public Route {
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException("facade.routes.<route id>.timeout-ms must be positive, was "
                        + timeoutMs);
            }
        }
    }
}
