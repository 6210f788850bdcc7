package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class FacadeCacheTest {

    final AtomicLong nanos = new AtomicLong();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FacadeCache cache = new FacadeCache(Map.of("products", 1_000L, "inventory", 0L), meters, nanos::get,
            new ObjectMapper());
    final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void shouldAnswerFromTheCacheUntilTheTtlAndNeverAtOrAfterIt() {
        miss("products", "11", "{\"id\":11}");

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        Exchange hit = lookup("products", "11");
        assertThat(FacadeCache.isHit(hit)).isTrue();
        assertThat(hit.getMessage().getBody(String.class)).isEqualTo("{\"id\":11}");
        assertThat(hit.getMessage().getHeaders()).containsOnlyKeys(Exchange.CONTENT_TYPE);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(FacadeCache.isHit(lookup("products", "11"))).isFalse();
        assertThat(meters.get("cache.gets").tag("cache", "facade.products").tag("result", "hit")
                .functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("cache.gets").tag("cache", "facade.products").tag("result", "miss")
                .functionCounter().count()).isEqualTo(2);
    }

    @Test
    void shouldForgetAnEvictedEntry() {
        miss("products", "12", "{\"id\":12}");

        cache.evict("products", "12");

        assertThat(FacadeCache.isHit(lookup("products", "12"))).isFalse();
    }

    @Test
    void shouldNeverServeFromACacheWithTtlZero() {
        miss("inventory", "11", "{\"productId\":11}");

        assertThat(FacadeCache.isHit(lookup("inventory", "11"))).isFalse();
    }

    @Test
    void shouldNeverAnswerANoiseProbeFromTheCache() {
        miss("products", "13", "{\"id\":13}");
        assertThat(FacadeCache.isHit(lookup("products", "13"))).isTrue();

        Exchange probe = new DefaultExchange(camel);
        probe.setProperty(dev.ficus.traffic.TrafficControl.NOISE_PROBE_PROPERTY, true);
        cache.lookup(probe, "products", "13");

        assertThat(FacadeCache.isHit(probe)).as("a noise probe asks legacy itself").isFalse();
    }

    private void miss(String name, String key, String json) {
        Exchange exchange = lookup(name, key);
        assertThat(FacadeCache.isHit(exchange)).isFalse();
        exchange.getMessage().setBody(json);
        cache.store(exchange);
    }

    private Exchange lookup(String name, String key) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("Accept", "*/*");
        cache.lookup(exchange, name, key);
        return exchange;
    }
}
