package dev.ficus.playground.catalog;

import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the demo modern catalog service (the playground's example of a "new distributed service") beside Ficus,
 * only when asked: {@code playground.catalog.enabled=true}. The {@link CatalogReadModel} is fed by change events,
 * the {@link CatalogService} answers on {@code playground.catalog.port}.
 *
 * <p>Routes {@code catalog-apply-products} and {@code catalog-apply-categories} consume the CDC capability's
 * events from the multicast addresses {@code retail.product.changed} and {@code retail.category.changed} through
 * shared durable subscriptions ({@code catalog-products}, {@code catalog-categories}), so no change is missed while
 * the catalog is down, replicas compete for them, and {@code JMSXGroupID} keeps one product's changes in order. A
 * failed write is redelivered by the broker (transacted consumer).
 *
 * <p>The read model lives in schema {@code catalog} of Ficus's database, migrated by its own Flyway (scripts in
 * {@code playground/catalog/} on the test class path, history table {@code catalog.flyway_schema_history}): the
 * catalog owns its tables, Ficus's own migrations know nothing of them.
 *
 * <p>The service answers only once the read model holds the complete initial snapshot
 * ({@code playground.catalog.require-snapshot}, default true); health component {@code catalog} and group
 * {@code catalog-readiness} show it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "playground.catalog.enabled", havingValue = "true")
@EnableConfigurationProperties(CatalogConfiguration.CatalogProperties.class)
public class CatalogConfiguration {

    /**
     * Settings under {@code playground.catalog}.
     *
     * @param enabled         run the catalog (default false)
     * @param port            its HTTP port (default 8091, 0 = any free port)
     * @param bindAddress     address it listens on (default 127.0.0.1; {@code 0.0.0.0} in its own container)
     * @param requireSnapshot answer only once the read model holds the complete initial snapshot (503 before);
     *                        false for a capture without snapshot
     * @param currency        ISO 4217 code of prices in the read model (default USD)
     */
    @ConfigurationProperties("playground.catalog")
    public record CatalogProperties(@DefaultValue("false") boolean enabled,
                                    @DefaultValue("8091") int port,
                                    @DefaultValue("127.0.0.1") String bindAddress,
                                    @DefaultValue("true") boolean requireSnapshot,
                                    @DefaultValue("USD") String currency) {
    }

    /**
     * The read model, its schema {@code catalog} migrated first. A database where Ficus 0.1 created that schema
     * (its former V40/V41) is baselined at version 2, i.e. taken as is. (Not a {@code Flyway} bean: that would
     * switch off Spring Boot's Flyway for Ficus's own schema.)
     */
    @Bean
    CatalogReadModel catalogReadModel(@Qualifier("ficusDataSource") DataSource ficusDataSource,
                                      CatalogProperties properties) {
        Flyway.configure()
                .dataSource(ficusDataSource)
                .schemas("catalog")
                .createSchemas(true)
                .locations("classpath:playground/catalog")
                .baselineOnMigrate(true)
                .baselineVersion("2")
                .load()
                .migrate();
        return new CatalogReadModel(ficusDataSource, properties.currency(), properties.requireSnapshot());
    }

    /** Health component {@code catalog}: the read model's readiness. */
    @Bean
    HealthIndicator catalogHealthIndicator(CatalogReadModel model) {
        return new CatalogHealthIndicator(model);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    CatalogService catalogService(CatalogReadModel model, CatalogProperties properties) {
        return new CatalogService(model, properties.port(), properties.bindAddress());
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
