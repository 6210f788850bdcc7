package dev.ficus.cdc;

import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The Debezium PostgreSQL connector's configuration for {@link CdcEngine}, from {@link CdcProperties}: {@code pgoutput},
 * the slot and a filtered publication for exactly the captured tables plus the signal table, offsets in Ficus's schema
 * (Debezium's JDBC offset store), batch/queue/poll sizes, heartbeats. Option names: Debezium 3.4 PostgreSQL connector
 * and embedded engine documentation.
 */
final class DebeziumSettings {

    /** Debezium's engine name ({@code name}): the first element of every stored offset's key. */
    static final String ENGINE_NAME = "ficus-cdc";

    private DebeziumSettings() {
    }

    /**
     * @param slotName        the replication slot, also Debezium's {@code topic.prefix} (names offsets and JMX beans)
     * @param legacyPassword  the legacy database's password (may be empty)
     * @param ficusDataSource Ficus's own database, where the offsets live
     * @return the engine's properties
     */
    static Properties of(CdcProperties properties, String slotName, LegacyDatabase legacyDatabase,
                         String legacyPassword, HikariDataSource ficusDataSource) {
        List<String> tables = properties.tables().stream().map(CdcProperties.Table::name).toList();
        URI uri = URI.create(legacyDatabase.jdbcUrl().substring("jdbc:".length()));
        String database = uri.getPath().replaceFirst("^/", "");
        Properties p = new Properties();
        p.setProperty("name", ENGINE_NAME);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        // Names Debezium's offsets and JMX metrics: one per slot, so several captures can share a JVM
        p.setProperty("topic.prefix", slotName);
        p.setProperty("database.hostname", uri.getHost());
        p.setProperty("database.port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        p.setProperty("database.dbname", database);
        p.setProperty("database.user", legacyDatabase.user());
        p.setProperty("database.password", legacyPassword == null ? "" : legacyPassword);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName);
        p.setProperty("slot.drop.on.stop", "false");
        // a new leader may find the slot still held by the old one for a moment (its connection closing)
        p.setProperty("slot.max.retries", Integer.toString(CdcEngine.SLOT_RETRIES));
        p.setProperty("slot.retry.delay.ms", Long.toString(CdcEngine.SLOT_RETRY_DELAY_MS));
        p.setProperty("publication.name", properties.publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("publish.via.partition.root", "true");
        List<String> include = new ArrayList<>(tables);
        include.add(properties.signalTable());
        p.setProperty("table.include.list", include.stream()
                .map(t -> t.replace(".", "\\.")).collect(Collectors.joining(",")));
        p.setProperty("snapshot.mode", properties.snapshotMode());
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("skipped.operations", "none");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("heartbeat.interval.ms", Long.toString(properties.heartbeatIntervalMs()));
        if (!properties.heartbeatActionQuery().isBlank()) {
            p.setProperty("heartbeat.action.query", properties.heartbeatActionQuery());
        }
        p.setProperty("signal.data.collection", properties.signalTable());
        p.setProperty("signal.enabled.channels", "source");
        p.setProperty("poll.interval.ms", Long.toString(properties.pollIntervalMs()));
        p.setProperty("max.batch.size", Integer.toString(properties.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(properties.maxQueueSize()));
        p.setProperty("offset.flush.interval.ms", Long.toString(properties.offsetFlushIntervalMs()));
        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        String ficusUrl = ficusDataSource.getJdbcUrl();
        p.setProperty("offset.storage.jdbc.connection.url",
                ficusUrl + (ficusUrl.contains("?") ? "&" : "?") + "currentSchema=" + properties.offsetSchema());
        p.setProperty("offset.storage.jdbc.connection.user", ficusDataSource.getUsername());
        // The JDBC offset store insists on a password; without one the server authenticates otherwise (trust,
        // peer, certificate) and ignores whatever is sent.
        String ficusPassword = ficusDataSource.getPassword();
        p.setProperty("offset.storage.jdbc.connection.password",
                ficusPassword == null || ficusPassword.isEmpty() ? "unused" : ficusPassword);
        p.setProperty("offset.storage.jdbc.table.name", properties.offsetTable());
        return p;
    }
}
