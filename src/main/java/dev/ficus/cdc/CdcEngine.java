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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * ({@link ArtemisPublisher}: one transaction, or message by message after a rolled back commit) and only then are
 * its records marked processed, so an offset is committed only after Artemis has every message it covers. A broker outage
 * holds the batch (and therefore the slot) until the broker is back. A crash re-sends at most the changes since
 * the last offset flush, with the same CloudEvents ids, which Artemis's duplicate detection drops.
 *
 * <p>Started and stopped by {@link CdcLeadership} on the replica that holds the capture's lock; it may be started
 * again after a stop. Every batch is published only while the {@code leading} check given to {@link #start} holds,
 * so an engine whose replica lost its leadership publishes nothing more and commits no offset.
 */
final class CdcEngine {

    /** Longest wait for the connector task to run with its replication slot, s. */
    static final long START_TIMEOUT_S = 120;
    /** Debezium's retries while another process still holds the replication slot (a leader being replaced). */
    static final int SLOT_RETRIES = 60;
    static final long SLOT_RETRY_DELAY_MS = 1000;

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
    private volatile ExecutorService executor;
    private volatile CountDownLatch capturing;
    private volatile BooleanSupplier leading = () -> true;
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

    /**
     * Checks the legacy tables, brings the stored offset up to the slot's confirmed position when it fell behind
     * ({@link StoredOffset}), then starts Debezium and returns once it captures (the replication slot is held).
     *
     * @param leadingCheck asked before each batch is published; {@code false} makes the batch fail unpublished (its
     *                     offsets uncommitted) and the engine stop
     * @throws dev.ficus.platform.StartupCheckException when a table cannot be captured, or the engine fails or is not
     *     capturing within {@value #START_TIMEOUT_S} s
     */
    synchronized void start(BooleanSupplier leadingCheck) {
        checkTables();
        try {
            StoredOffset.catchUpWithSlot(legacyDataSource, ficusDataSource,
                    properties.offsetSchema() + "." + properties.offsetTable(), DebeziumSettings.ENGINE_NAME, slotName);
        } catch (org.springframework.dao.DataAccessException e) {
            // the engine meets the same database problem and reports it; the leader tries again
            log.warn("Change data capture: cannot compare the stored offset with slot {}: {}", slotName, e.getMessage());
        }
        Properties config = DebeziumSettings.of(properties, slotName, legacyDatabase, legacyPassword, ficusDataSource);
        CountDownLatch started = new CountDownLatch(1);
        capturing = started;
        leading = leadingCheck;
        failure = null;
        publisher.open();
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(config)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        // the connector task has opened its replication slot: no later change can be missed
                        started.countDown();
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
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-engine"));
        executor.execute(engine);
        awaitCapturing(started);
        log.info("Change data capture started on {} (slot {}, publication {}, tables {})",
                legacyDatabase.jdbcUrl(), slotName, properties.publicationName(), properties.tables().stream()
                .map(CdcProperties.Table::name).toList());
    }

    /**
     * Checks that every captured table can be captured ({@link LegacyCaptureCheck}).
     *
     * @throws dev.ficus.platform.StartupCheckException naming the table and the fix when one cannot
     */
    void checkTables() {
        List<String> tables = properties.tables().stream().map(CdcProperties.Table::name).toList();
        LegacyCaptureCheck.check(legacyDataSource, legacyDatabase.jdbcUrl(), tables, properties.signalTable());
    }

    /** Stops Debezium (waiting up to 30 s for the running batch) and closes the broker connection; idempotent. */
    synchronized void stop() {
        running = false;
        publisher.stop();
        DebeziumEngine<?> e = engine;
        engine = null;
        if (e != null) {
            try {
                e.close();
            } catch (IOException | IllegalStateException ex) {
                // IllegalStateException: the engine had already shut itself down (it failed)
                log.debug("Closing the Debezium engine: {}", ex.getMessage());
            }
        }
        ExecutorService threads = executor;
        executor = null;
        if (threads == null) {
            publisher.close();
            return;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }

    /** @return whether the engine was started and not stopped (it may have failed since: see {@link #failure()}) */
    boolean isRunning() {
        return running;
    }

    /** @return whether the connector task holds its replication slot and streams */
    boolean isCapturing() {
        CountDownLatch c = capturing;
        return running && failure == null && c != null && c.getCount() == 0;
    }

    /**
     * Returns once the connector task runs with its replication slot, so the application is not reported ready
     * (nor a test allowed to change data) before changes are captured.
     *
     * @throws dev.ficus.platform.StartupCheckException when the engine fails first, or is not capturing after
     *     {@value #START_TIMEOUT_S} s
     */
    private void awaitCapturing(CountDownLatch started) {
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (!started.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
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
        if (!leading.getAsBoolean()) {
            throw new IllegalStateException("this replica no longer leads change data capture: batch of "
                    + records.size() + " changes left unpublished for the next leader");
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
}
