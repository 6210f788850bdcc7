package dev.ficus.facade;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Evicts façade cache entries when the legacy data changes, so a cached answer is replaced by the change itself,
 * not only by its TTL.
 *
 * <p>Two JMS listener containers (Spring's {@link DefaultMessageListenerContainer}, beans
 * {@code facadeEvictProducts} and {@code facadeEvictInventory}) subscribe, non-durably (each replica has its own
 * cache, and a restarted one starts empty), to the change events of the CDC capability on the Artemis multicast
 * addresses {@value #PRODUCT_CHANGED} and {@value #STOCK_CHANGED}: CloudEvents 1.0 JSON in a JMS
 * {@code TextMessage}, handed to {@link FacadeCache#evictOnChange(String)}. A message of another JMS type is logged
 * and skipped (its entries then expire by TTL). With {@code facade.cache.evict-on-change=false} there are no such
 * listeners.
 *
 * <p>They run beside change data capture at the database's write rate (two events per changed product), so an
 * event costs little: no Camel exchange, no span or per-exchange meter (these are plumbing, not integration routes),
 * and acknowledged lazily in batches ({@code DUPS_OK_ACKNOWLEDGE}: an eviction seen twice does no harm, and a
 * non-durable subscription loses its unacknowledged events on a crash anyway). Profiled under pgbench with 16
 * clients, the Camel routes these replaced took a fifth of the JVM's CPU (BENCHMARKS.md, change data capture).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "facade.cache.evict-on-change", havingValue = "true", matchIfMissing = true)
public class CacheEvictionListeners {

    /** Address of the product change events (CDC, {@code config/application.yml} {@code cdc.tables}). */
    public static final String PRODUCT_CHANGED = "retail.product.changed";

    /** Address of the stock change events (CDC). */
    public static final String STOCK_CHANGED = "retail.inventory.stock-changed";

    private static final Logger log = LoggerFactory.getLogger(CacheEvictionListeners.class);

    /**
     * @param connectionFactory the application's JMS connection factory (embedded or external Artemis)
     * @param cache             the caches evicted
     * @return the listener container of {@value #PRODUCT_CHANGED}
     */
    @Bean
    DefaultMessageListenerContainer facadeEvictProducts(ConnectionFactory connectionFactory, FacadeCache cache) {
        return container(connectionFactory, PRODUCT_CHANGED, cache);
    }

    /**
     * @param connectionFactory the application's JMS connection factory (embedded or external Artemis)
     * @param cache             the caches evicted
     * @return the listener container of {@value #STOCK_CHANGED}
     */
    @Bean
    DefaultMessageListenerContainer facadeEvictInventory(ConnectionFactory connectionFactory, FacadeCache cache) {
        return container(connectionFactory, STOCK_CHANGED, cache);
    }

    private static DefaultMessageListenerContainer container(ConnectionFactory connectionFactory, String topic,
                                                             FacadeCache cache) {
        DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
        // the container caches its own connection, session and consumer: Boot's caching wrapper adds nothing
        container.setConnectionFactory(connectionFactory instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() != null ? caching.getTargetConnectionFactory()
                : connectionFactory);
        container.setPubSubDomain(true);
        container.setDestinationName(topic);
        container.setSessionAcknowledgeMode(Session.DUPS_OK_ACKNOWLEDGE);
        container.setMessageListener((MessageListener) message -> evict(cache, topic, message));
        return container;
    }

    private static void evict(FacadeCache cache, String topic, Message message) {
        String event;
        try {
            event = message.getBody(String.class);
        } catch (JMSException e) {
            log.warn("A message on {} is not a text change event, façade caches left to their TTL: {}", topic,
                    e.getMessage());
            return;
        }
        if (event != null) {
            cache.evictOnChange(event);
        }
    }
}
