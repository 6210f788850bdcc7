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
 * {@code retail.inventory.stock-changed}, and hand each to {@link FacadeCache#evictOnChange(String)}. With
 * {@code facade.cache.evict-on-change=false} there are no such routes.
 *
 * <p>They run beside change data capture at the database's write rate (two events per changed product), so each
 * event costs little: acknowledged lazily in batches ({@code DUPS_OK_ACKNOWLEDGE}: an eviction seen twice does no
 * harm, and a non-durable subscription loses its unacknowledged events on a crash anyway), the cache called
 * directly rather than through a bean expression, and not traced (the default {@code ficus.tracing.camel-exclude-patterns}:
 * each eviction would be a one-span trace of its own, CDC events carry no trace context to join).
 */
@Component
public class CacheEvictionRoutes extends RouteBuilder {

    private static final String OPTIONS = "?acknowledgementModeName=DUPS_OK_ACKNOWLEDGE";

    private final boolean enabled;
    private final FacadeCache cache;

    /**
     * @param properties {@code facade.cache.evict-on-change}: whether to add the routes
     * @param cache      the caches evicted
     */
    public CacheEvictionRoutes(FacadeProperties properties, FacadeCache cache) {
        this.enabled = properties.cache().evictOnChange();
        this.cache = cache;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        from("jms:topic:retail.product.changed" + OPTIONS).routeId("facade-evict-products")
                .process(exchange -> cache.evictOnChange(exchange.getMessage().getBody(String.class)));
        from("jms:topic:retail.inventory.stock-changed" + OPTIONS).routeId("facade-evict-inventory")
                .process(exchange -> cache.evictOnChange(exchange.getMessage().getBody(String.class)));
    }
}
