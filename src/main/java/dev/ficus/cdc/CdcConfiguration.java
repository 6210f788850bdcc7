package dev.ficus.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires change data capture ({@code cdc.enabled}, env {@code CDC_ENABLED}, default {@code true}) from
 * {@link CdcProperties}: the Debezium engine, the Artemis publisher, metrics, the {@code cdc} health component, the
 * SSE stream and the admin API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cdc.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CdcProperties.class)
public class CdcConfiguration {

    @Bean
    CdcMetrics cdcMetrics(MeterRegistry registry, @Qualifier("legacyDataSource") DataSource legacy,
                          CdcProperties properties, LegacyDatabase legacyDatabase) {
        return new CdcMetrics(registry, legacy, slotName(properties, legacyDatabase));
    }

    /**
     * The engine connects to the legacy database with the user of {@link LegacyDatabase} and the password of the
     * legacy pool, so its credentials are configured in one place ({@code legacy.db}).
     */
    @Bean
    CdcEngine cdcEngine(CdcProperties properties, LegacyDatabase legacyDatabase,
                        @Qualifier("legacyDataSource") HikariDataSource legacy,
                        @Qualifier("ficusDataSource") HikariDataSource ficus,
                        ConnectionFactory connectionFactory, CdcMetrics metrics, CdcEventStream stream,
                        ObjectMapper objectMapper, CloudEventWriter cloudEventWriter) {
        CanonicalEvents canonical = new CanonicalEvents(source(properties, legacyDatabase), properties.typePrefix(),
                properties.signalTable(), properties.tables(), objectMapper, cloudEventWriter,
                ReplicaIdentity.of(legacy));
        return new CdcEngine(properties, slotName(properties, legacyDatabase), legacyDatabase, legacy.getPassword(),
                legacy, ficus, canonical, new ArtemisPublisher(connectionFactory, properties.publishRetryMaxMs(),
                        properties.publishConfirmTimeoutMs()),
                metrics, stream);
    }

    /** The election that decides which replica runs {@link CdcEngine}; the lock row lives in Ficus's schema. */
    @Bean
    CdcLeadership cdcLeadership(CdcEngine engine, CdcProperties properties, LegacyDatabase legacyDatabase,
                                @Qualifier("ficusDataSource") HikariDataSource ficus) {
        return new CdcLeadership(engine, slotName(properties, legacyDatabase), properties.leader(), ficus,
                properties.offsetSchema());
    }

    @Bean
    CdcHealthIndicator cdcHealthIndicator(CdcEngine engine, CdcLeadership leadership, CdcMetrics metrics,
                                          CdcProperties properties, LegacyDatabase legacyDatabase) {
        return new CdcHealthIndicator(engine, leadership, metrics, properties, slotName(properties, legacyDatabase));
    }

    /**
     * Replication slots are named per PostgreSQL server, not per database: {@code cdc.slot-name}, or when empty
     * {@code ficus_cdc_<database>} (lower case, other characters as {@code _}, at most 63 characters).
     */
    static String slotName(CdcProperties properties, LegacyDatabase legacy) {
        if (!properties.slotName().isBlank()) {
            return properties.slotName();
        }
        String database = URI.create(legacy.jdbcUrl().substring("jdbc:".length())).getPath().replaceFirst("^/", "");
        String name = ("ficus_cdc_" + database).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** CloudEvents {@code source}: {@code cdc.source}, or {@code postgresql://host:port/database} of the legacy DB. */
    static String source(CdcProperties properties, LegacyDatabase legacy) {
        if (!properties.source().isBlank()) {
            return properties.source();
        }
        URI uri = URI.create(legacy.jdbcUrl().substring("jdbc:".length()));
        return "postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
    }
}
