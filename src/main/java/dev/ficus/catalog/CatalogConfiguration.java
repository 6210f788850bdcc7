package dev.ficus.catalog;

import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the demo modern catalog service in-process when {@code catalog.enabled} (env {@code CATALOG_ENABLED}) is
 * true: the {@link CatalogReadModel} fed by change events, and the {@link CatalogService} on {@code catalog.port}.
 *
 * <p>Routes {@code catalog-apply-products} and {@code catalog-apply-categories} consume the CDC capability's
 * events from the multicast addresses {@code retail.product.changed} and {@code retail.category.changed} through
 * shared durable subscriptions ({@code catalog-products}, {@code catalog-categories}), so no change is missed while
 * the catalog is down, replicas compete for them, and {@code JMSXGroupID} keeps one product's changes in order. A
 * failed write is redelivered by the broker (transacted consumer).
 *
 * <p>The service answers only once the read model holds the complete initial snapshot
 * ({@code catalog.require-snapshot}, env {@code CATALOG_REQUIRE_SNAPSHOT}, default true); health component
 * {@code catalog} and group {@code catalog-readiness} show it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "catalog.enabled", havingValue = "true", matchIfMissing = true)
public class CatalogConfiguration {

    @Bean
    CatalogReadModel catalogReadModel(@Qualifier("ficusDataSource") DataSource ficusDataSource,
                                      @Value("${facade.currency:USD}") String currency,
                                      @Value("${catalog.require-snapshot:true}") boolean requireSnapshot) {
        return new CatalogReadModel(ficusDataSource, currency, requireSnapshot);
    }

    /** Health component {@code catalog}: the read model's readiness. */
    @Bean
    HealthIndicator catalogHealthIndicator(CatalogReadModel model) {
        return new CatalogHealthIndicator(model);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    CatalogService catalogService(CatalogReadModel model, @Value("${catalog.port}") int port) {
        return new CatalogService(model, port);
    }

    @Bean
    RouteBuilder catalogEventRoutes(CatalogReadModel model) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:topic:retail.product.changed?subscriptionDurable=true&subscriptionShared=true"
                        + "&subscriptionName=catalog-products&transacted=true").routeId("catalog-apply-products")
                        .convertBodyTo(String.class)
                        .bean(model, "apply");
                from("jms:topic:retail.category.changed?subscriptionDurable=true&subscriptionShared=true"
                        + "&subscriptionName=catalog-categories&transacted=true").routeId("catalog-apply-categories")
                        .convertBodyTo(String.class)
                        .bean(model, "apply");
            }
        };
    }
}
