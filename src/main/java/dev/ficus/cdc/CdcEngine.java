package dev.ficus.cdc;

import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import io.debezium.embedded.Connect;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Debezium embedded engine on the legacy PostgreSQL ({@code pgoutput}), publishing every captured change as a
 * canonical CloudEvent to Artemis.
 *
 * <p>On {@link #start()} the legacy tables are checked ({@link LegacyCaptureCheck}); Debezium then creates the
 * replication slot ({@code cdc.slot-name}, see {@link CdcConfiguration#slotName}) and the publication {@code cdc.publication-name} for exactly the
 * captured tables plus the signal table ({@code publication.autocreate.mode=filtered},
 * {@code publish_via_partition_root}, so a partitioned table's changes carry the parent's name), snapshots per
 * {@code cdc.snapshot-mode} and streams. Offsets live in Ficus's schema (Debezium's JDBC offset store, table
 * {@code cdc.offset-table} in schema {@code cdc.offset-schema}).
 *
 * <p>Each Debezium batch (at most {@code cdc.max-batch-size} changes) is published as a whole
 * ({@link ArtemisPublisher}: asynchronous durable sends, then every broker confirmation awaited) and only then are
 * its records marked processed, so an offset is committed only after Artemis has every message it covers. A broker outage
 * holds the batch (and therefore the slot) until the broker is back. A crash re-sends at most the changes since
 * the last offset flush, with the same CloudEvents ids, which Artemis's duplicate detection drops.
 *
 * <p>Starts when the application is ready (after Camel's routes, see {@link #isAutoStartup()}) and stops in the last
 * lifecycle phase (before the broker and the web server).
 */
final class CdcEngine implements SmartLifecycle {

    private static final long START_TIMEOUT_S = 120;
    private final java.util.concurrent.CountDownLatch capturing = new java.util.concurrent.CountDownLatch(1);

    private static final Logger log = LoggerFactory.getLogger(CdcEngine.class);

    private final CdcProperties properties;
    private final String slotName;
    private final LegacyDatabase legacyDatabase;
    private final String legacyPassword;
    private final DataSource legacyDataSource;
    private final HikariDataSource ficusDataSource;
    private final CanonicalEvents canonical;
    private final ArtemisPublisher publisher;
    private final CdcMetrics metrics;
    private final CdcEventStream stream;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-engine"));
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile boolean running;
    private volatile Throwable failure;

    CdcEngine(CdcProperties properties, String slotName, LegacyDatabase legacyDatabase, String legacyPassword,
              DataSource legacyDataSource, HikariDataSource ficusDataSource, CanonicalEvents canonical,
              ArtemisPublisher publisher, CdcMetrics metrics, CdcEventStream stream) {
        this.properties = properties;
        this.slotName = slotName;
        this.legacyDatabase = legacyDatabase;
        this.legacyPassword = legacyPassword;
        this.legacyDataSource = legacyDataSource;
        this.ficusDataSource = ficusDataSource;
        this.canonical = canonical;
        this.publisher = publisher;
        this.metrics = metrics;
        this.stream = stream;
    }

    @Override
    public void start() {
        List<String> tables = properties.tables().stream().map(CdcProperties.Table::name).toList();
        LegacyCaptureCheck.check(legacyDataSource, legacyDatabase.jdbcUrl(), tables, properties.signalTable());
        Properties config = debeziumConfig(tables);
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(config)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        // the connector task has opened its replication slot: no later change can be missed
                        capturing.countDown();
                    }
                })
                .using((success, message, error) -> {
                    if (!success && running) {
                        failure = error != null ? error : new IllegalStateException(message);
                        log.error("Change data capture stopped: {}", message, error);
                    }
                })
                .notifying(this::handleBatch)
                .build();
        running = true;
        executor.execute(engine);
        awaitCapturing();
        log.info("Change data capture started on {} (slot {}, publication {}, tables {})",
                legacyDatabase.jdbcUrl(), slotName, properties.publicationName(), tables);
    }

    @Override
    public void stop() {
        running = false;
        publisher.stop();
        DebeziumEngine<?> e = engine;
        if (e != null) {
            try {
                e.close();
            } catch (IOException ex) {
                log.warn("Closing the Debezium engine failed: {}", ex.getMessage());
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns once the connector task runs with its replication slot, so the application is not reported ready
     * (nor a test allowed to change data) before changes are captured.
     *
     * @throws dev.ficus.platform.StartupCheckException when the engine fails first, or is not capturing after
     *     {@value #START_TIMEOUT_S} s
     */
    private void awaitCapturing() {
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (!capturing.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null || !running) {
                    throw new dev.ficus.platform.StartupCheckException("change data capture cannot start: "
                            + (failure == null ? "engine stopped" : failure.getMessage()), failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new dev.ficus.platform.StartupCheckException("change data capture is not capturing after "
                            + START_TIMEOUT_S + " s (replication slot " + slotName + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ficus.platform.StartupCheckException("interrupted while change data capture started", e);
        }
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /**
     * Not started with the other lifecycle beans: Camel Spring Boot starts its routes (and so their broker
     * subscriptions, e.g. the catalog's durable ones) only when the context has refreshed. Capturing earlier would
     * publish the initial snapshot to addresses nobody subscribes to yet.
     */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /**
     * Starts the capture once the application, with its Camel routes, is ready.
     *
     * @param event Spring Boot's ready event
     * @throws dev.ficus.platform.StartupCheckException from the table check, which then ends the start-up
     */
    @org.springframework.context.event.EventListener
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    public void onApplicationReady(org.springframework.boot.context.event.ApplicationReadyEvent event) {
        if (!running) {
            start();
        }
    }

    /** @return why the engine stopped on its own, or {@code null} */
    Throwable failure() {
        return failure;
    }

    boolean brokerReachable() {
        return publisher.brokerReachable();
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        long oldest = 0;
        boolean heartbeatOnly = true;
        for (RecordChangeEvent<SourceRecord> r : records) {
            long ts = commitTime(r.record());
            if (ts > 0) {
                heartbeatOnly = false;
                oldest = oldest == 0 ? ts : Math.min(oldest, ts);
            }
        }
        if (heartbeatOnly) {
            metrics.caughtUp();
        } else {
            metrics.pending(oldest);
        }
        List<CanonicalEvent> events = new ArrayList<>(records.size());
        for (RecordChangeEvent<SourceRecord> r : records) {
            events.addAll(canonical.toEvents(r.record()));
        }
        publisher.publish(events);
        for (CanonicalEvent event : events) {
            metrics.published(event);
            stream.offer(event);
        }
        for (RecordChangeEvent<SourceRecord> r : records) {
            committer.markProcessed(r);
        }
        committer.markBatchFinished();
        metrics.batchDone();
    }

    private static long commitTime(SourceRecord record) {
        if (record.value() instanceof Struct value && value.schema().field("op") != null
                && value.schema().field("source") != null) {
            return value.getStruct("source").getInt64("ts_ms");
        }
        return 0;
    }

    private Properties debeziumConfig(List<String> tables) {
        URI uri = URI.create(legacyDatabase.jdbcUrl().substring("jdbc:".length()));
        String database = uri.getPath().replaceFirst("^/", "");
        Properties p = new Properties();
        p.setProperty("name", "ficus-cdc");
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
