package dev.ficus.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ficus.traffic.TrafficControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Read-through cache (Caffeine) of translated RetailCore answers, one cache per route, registered as the bean
 * {@code facadeCache} for the YAML routes.
 *
 * <p>Caches: {@value #PRODUCTS} (TTL {@code facade.cache.products-ttl-ms}) and {@value #INVENTORY} (TTL
 * {@code facade.cache.inventory-ttl-ms}, see {@link FacadeProperties.Cache}); values are the canonical JSON
 * {@code String}s, keys the entity ids; at most 10,000 entries per cache. Entries expire a fixed
 * time after they were written and Caffeine never returns an expired entry, so an answer is never served past
 * its TTL. A TTL of 0 turns a cache off. Hits, misses and evictions are Micrometer metrics
 * ({@code cache.gets{cache=facade.products,result=hit|miss}}, {@code cache.evictions}, ...). Change events of the
 * legacy database evict entries through {@link #evictOnChange(String)} ({@link CacheEvictionListeners}).
 */
@Component("facadeCache")
public class FacadeCache {

    /** Cache of {@code GET /api/v1/products/{id}}, keyed by product id. */
    public static final String PRODUCTS = "products";

    /** Cache of {@code GET /api/v1/products/{id}/inventory}, keyed by product id. */
    public static final String INVENTORY = "inventory";

    /** Exchange property set to {@code true} when {@link #lookup} answered from the cache. */
    public static final String HIT_PROPERTY = "FicusCacheHit";

    private static final String NAME_PROPERTY = "FicusCacheName";
    private static final String KEY_PROPERTY = "FicusCacheKey";

    private static final Logger log = LoggerFactory.getLogger(FacadeCache.class);
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Cache<String, String>> caches = new LinkedHashMap<>();
    private final ObjectMapper json;

    @Autowired
    FacadeCache(FacadeProperties properties, MeterRegistry meterRegistry, ObjectMapper json) {
        this(Map.of(PRODUCTS, properties.cache().productsTtlMs(), INVENTORY, properties.cache().inventoryTtlMs()),
                meterRegistry, Ticker.systemTicker(), json);
    }

    /**
     * @param ttlMsByCache  TTL in ms per cache name; 0 disables that cache
     * @param meterRegistry where hit, miss and eviction metrics go (cache names prefixed {@code facade.})
     * @param ticker        the clock (tests use a fake one)
     * @param json          reads the change events of {@link #evictOnChange(String)}
     */
    public FacadeCache(Map<String, Long> ttlMsByCache, MeterRegistry meterRegistry, Ticker ticker, ObjectMapper json) {
        this.json = json;
        ttlMsByCache.forEach((name, ttlMs) -> {
            Cache<String, String> cache = Caffeine.newBuilder()
                    .expireAfterWrite(Duration.ofMillis(Math.max(0, ttlMs)))
                    .maximumSize(ttlMs > 0 ? MAX_ENTRIES : 0)
                    .ticker(ticker)
                    .recordStats()
                    .build();
            CaffeineCacheMetrics.monitor(meterRegistry, cache, "facade." + name);
            caches.put(name, cache);
        });
    }

    /**
     * On a hit, answers the exchange from the cache (body = cached JSON, only {@code Content-Type} as header) and
     * sets {@value #HIT_PROPERTY}: the route then skips the legacy call but still runs its last steps (traffic
     * control marks and shadows a cached legacy answer like a fresh one). On a miss remembers cache and key so
     * {@link #store(Exchange)} can fill it later. Does nothing for traffic control's noise
     * probes ({@link TrafficControl#isNoiseProbe}), which must reach legacy itself.
     *
     * @param exchange  the façade exchange
     * @param cacheName {@value #PRODUCTS} or {@value #INVENTORY}
     * @param key       the entity key, e.g. the product id
     * @throws IllegalArgumentException for an unknown cache name
     */
    public void lookup(Exchange exchange, String cacheName, String key) {
        if (TrafficControl.isNoiseProbe(exchange)) {
            return;
        }
        String answer = cache(cacheName).getIfPresent(key);
        if (answer != null) {
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(answer);
            exchange.setProperty(HIT_PROPERTY, true);
            return;
        }
        exchange.setProperty(NAME_PROPERTY, cacheName);
        exchange.setProperty(KEY_PROPERTY, key);
    }

    /**
     * @param exchange a façade exchange after {@link #lookup}
     * @return true when it was answered from the cache
     */
    public static boolean isHit(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(HIT_PROPERTY, Boolean.class));
    }

    /**
     * Stores the exchange's body ({@code String}) under the cache and key a prior {@link #lookup} missed.
     *
     * @param exchange the façade exchange after translation
     */
    public void store(Exchange exchange) {
        String name = exchange.getProperty(NAME_PROPERTY, String.class);
        String key = exchange.getProperty(KEY_PROPERTY, String.class);
        if (name != null && key != null) {
            cache(name).put(key, exchange.getMessage().getBody(String.class));
        }
    }

    /**
     * Drops one entry, e.g. when a change event says the legacy row changed.
     *
     * @param cacheName {@value #PRODUCTS} or {@value #INVENTORY}
     * @param key       the entity key
     */
    public void evict(String cacheName, String key) {
        cache(cacheName).invalidate(key);
    }

    /**
     * Evicts the product and inventory entries of the entity a change event is about.
     *
     * @param cloudEvent a CloudEvents 1.0 JSON event (structured mode) whose {@code subject} is the product id;
     *                   an event without a subject (a truncate) clears both caches; unreadable JSON is ignored
     *                   (logged), entries then expire by TTL
     */
    public void evictOnChange(String cloudEvent) {
        String subject;
        try {
            JsonNode node = json.readTree(cloudEvent);
            subject = node == null || !node.hasNonNull("subject") ? null : node.get("subject").asText();
        } catch (IOException e) {
            log.warn("Unreadable change event, façade caches left to their TTL: {}", e.getMessage());
            return;
        }
        if (subject == null) {
            caches.values().forEach(Cache::invalidateAll);
            return;
        }
        evict(PRODUCTS, subject);
        evict(INVENTORY, subject);
    }

    private Cache<String, String> cache(String name) {
        Cache<String, String> cache = caches.get(name);
        if (cache == null) {
            throw new IllegalArgumentException("unknown façade cache: " + name);
        }
        return cache;
    }
}
