package dev.ficus.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Micrometer meters of the capture (all visible under {@code /actuator/metrics}):
 * <ul>
 *   <li>{@code ficus.cdc.events} counter: events published to Artemis (its rate is events/s);</li>
 *   <li>{@code ficus.cdc.lag} gauge, ms: commit in PostgreSQL to acknowledgement by Artemis of the latest event,
 *       or the age of the oldest change still waiting to be published, whichever is larger; 0 when idle;</li>
 *   <li>{@code ficus.cdc.publish.lag} timer: commit in PostgreSQL to Artemis's confirmation, per event, with
 *       p50/p99 and a histogram (Prometheus: {@code ficus_cdc_publish_lag_seconds_bucket});</li>
 *   <li>{@code ficus.cdc.last.lsn} gauge, bytes: LSN of the last published change, as a number (a byte position in
 *       the WAL);</li>
 *   <li>{@code ficus.cdc.slot.retained.wal} gauge, bytes: WAL the replication slot makes PostgreSQL keep
 *       ({@code pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)}), queried when read; -1 when unknown.</li>
 * </ul>
 * Prometheus names: {@code ficus_cdc_events_total}, {@code ficus_cdc_lag_milliseconds},
 * {@code ficus_cdc_publish_lag_seconds_bucket|_count|_sum|_max}, {@code ficus_cdc_last_lsn_bytes},
 * {@code ficus_cdc_slot_retained_wal_bytes}.
 */
final class CdcMetrics {

    private final Counter events;
    private final Timer publishLag;
    private final AtomicLong lastLagMs = new AtomicLong();
    private final AtomicLong lastLsn = new AtomicLong();
    private final AtomicLong oldestPendingCommitMs = new AtomicLong(0);
    private final DataSource legacy;
    private final String slotName;

    CdcMetrics(MeterRegistry registry, DataSource legacy, String slotName) {
        this.legacy = legacy;
        this.slotName = slotName;
        this.events = Counter.builder("ficus.cdc.events").description("change events published to Artemis")
                .baseUnit("events").register(registry);
        this.publishLag = Timer.builder("ficus.cdc.publish.lag")
                .description("commit in PostgreSQL to confirmation by Artemis, per change event")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        Gauge.builder("ficus.cdc.lag", this, CdcMetrics::lagMs).description("commit-to-publish lag")
                .baseUnit("milliseconds").register(registry);
        // an LSN is a byte position in the WAL: differences between two are bytes of WAL
        Gauge.builder("ficus.cdc.last.lsn", lastLsn, AtomicLong::get)
                .description("LSN of the last published change").baseUnit("bytes").register(registry);
        Gauge.builder("ficus.cdc.slot.retained.wal", this, CdcMetrics::retainedWalBytes)
                .description("WAL retained by the replication slot").baseUnit("bytes").register(registry);
    }

    /** A batch with changes committed at {@code oldestCommitMs} (epoch ms) starts being published. */
    void pending(long oldestCommitMs) {
        oldestPendingCommitMs.set(oldestCommitMs);
    }

    /** One event is in Artemis. */
    void published(CanonicalEvent event) {
        events.increment();
        long lagMs = Math.max(0, System.currentTimeMillis() - event.commitTimeMs());
        lastLagMs.set(lagMs);
        if (event.commitTimeMs() > 0) {
            publishLag.record(Duration.ofMillis(lagMs));
        }
        if (event.lsn() > 0) {
            lastLsn.set(event.lsn());
        }
    }

    /** The batch is done; nothing is waiting. */
    void batchDone() {
        oldestPendingCommitMs.set(0);
    }

    /** A heartbeat with nothing pending: the capture has caught up. */
    void caughtUp() {
        if (oldestPendingCommitMs.get() == 0) {
            lastLagMs.set(0);
        }
    }

    /** @return current commit-to-publish lag in ms */
    long lagMs() {
        long pendingSince = oldestPendingCommitMs.get();
        long waiting = pendingSince == 0 ? 0 : Math.max(0, System.currentTimeMillis() - pendingSince);
        return Math.max(waiting, lastLagMs.get());
    }

    long lastLsn() {
        return lastLsn.get();
    }

    double eventCount() {
        return events.count();
    }

    /** @return bytes of WAL retained by the slot, or -1 when the slot does not exist or the query fails */
    long retainedWalBytes() {
        try (Connection c = legacy.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)"
                     + " FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setQueryTimeout(5);
            st.setString(1, slotName);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
