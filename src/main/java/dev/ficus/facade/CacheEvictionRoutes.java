package dev.ficus.facade;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Evicts façade cache entries when the legacy data changes, so a cached answer is replaced by the change itself,
 * not only by its TTL.
 *
 * <p>Routes {@code facade-evict-products} and {@code facade-evict-inventory} subscribe (non-durably: each replica
 * has its own cache, and a restarted one starts empty) to the change events of the CDC capability, CloudEvents
 * 1.0 JSON (body {@code String}) on the Artemis multicast addresses {@code retail.product.changed} and
 * {@code retail.inventory.stock-changed}, and hand each to {@link FacadeCache#evictOnChange(String)} (bean
 * {@code facadeCache}). With {@code facade.cache.evict-on-change=false} there are no such routes.
 */
@Component
public class CacheEvictionRoutes extends RouteBuilder {

    private final boolean enabled;

    /**
     * @param properties {@code facade.cache.evict-on-change}: whether to add the routes
     */
    public CacheEvictionRoutes(FacadeProperties properties) {
        this.enabled = properties.cache().evictOnChange();
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        from("jms:topic:retail.product.changed").routeId("facade-evict-products")
                .convertBodyTo(String.class)
                .bean("facadeCache", "evictOnChange");
        from("jms:topic:retail.inventory.stock-changed").routeId("facade-evict-inventory")
                .convertBodyTo(String.class)
                .bean("facadeCache", "evictOnChange");
    }
}
