package dev.ficus.cdc;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code cdc:} block of {@code application.yml} (defaults and environment variables there): what change data
 * capture reads from the legacy database and how it turns each change into a CloudEvent on Artemis. A blank
 * {@code slotName}, {@code source} or {@code heartbeatActionQuery} may also be left out ({@code null} reads as empty).
 *
 * @param enabled              run the capture at all (env {@code CDC_ENABLED})
 * @param slotName             PostgreSQL logical replication slot (created by Debezium on first start); empty =
 *                             {@code ficus_cdc_<database>}, as slot names are unique per server
 * @param publicationName      PostgreSQL publication for exactly the captured tables (plus the signal table)
 * @param snapshotMode         Debezium {@code snapshot.mode}: {@code initial}, {@code no_data}, {@code always}, ...
 * @param source               CloudEvents {@code source}; empty = {@code postgresql://host:port/database} of the
 *                             legacy database
 * @param typePrefix           prefix of the default event types, {@code <prefix>.<entity>.<operation>}
 * @param signalTable          Debezium signalling table ({@code schema.table}) in the legacy database
 * @param offsetTable          offset table (Debezium's JDBC offset store), created by Flyway V10
 * @param offsetSchema         schema of {@code offsetTable}: Ficus's own ({@code ficus-db.schema}), where Flyway
 *                             creates it
 * @param offsetFlushIntervalMs how often acknowledged offsets are written, ms
 * @param heartbeatIntervalMs  Debezium heartbeat interval, ms
 * @param heartbeatActionQuery SQL run on each heartbeat so an idle capture still advances the slot; empty = none
 * @param pollIntervalMs       Debezium's {@code poll.interval.ms}: how long its reader sleeps when PostgreSQL has sent
 *                             nothing new (and the longest wait for a first change of a batch), ms; each such pause
 *                             is lag for the changes committed meanwhile
 * @param maxBatchSize         most changes per Debezium batch, published to Artemis as one confirmed batch
 * @param maxQueueSize         changes Debezium buffers between reading the WAL and the batches (more than
 *                             {@code maxBatchSize}); a full queue makes it stop reading: back-pressure
 * @param publishConfirmTimeoutMs longest wait for Artemis to answer a batch's commit (or a single send) before it is sent again, ms
 * @param publishRetryMaxMs    longest pause between two attempts to publish to an unreachable broker, ms
 * @param lagThresholdMs       health turns DOWN when the commit-to-publish lag exceeds this, ms
 * @param recentEvents         how many of the latest events the SSE endpoint replays to a new client
 * @param tables               captured tables with their entity name and event-type rules
 * @param leader               election of the one replica that captures ({@link CdcLeadership})
 */
@ConfigurationProperties("cdc")
public record CdcProperties(
        boolean enabled,
        String slotName,
        String publicationName,
        String snapshotMode,
        String source,
        String typePrefix,
        String signalTable,
        String offsetTable,
        String offsetSchema,
        long offsetFlushIntervalMs,
        long heartbeatIntervalMs,
        String heartbeatActionQuery,
        long pollIntervalMs,
        int maxBatchSize,
        int maxQueueSize,
        long publishConfirmTimeoutMs,
        long publishRetryMaxMs,
        long lagThresholdMs,
        int recentEvents,
        List<Table> tables,
        Leader leader) {

    /**
     * The {@code cdc.leader:} block: one replica captures, the others stand by.
     *
     * @param leaseMs     a leader's lock row older than this is expired and a standby takes over, ms; the leader
     *                    itself stops capturing when it could not renew for half of it
     * @param heartbeatMs how often the leader renews its lock row and standbys try to take it, ms
     * @param retryMs     how long a leader whose engine failed waits before it yields, so capture starts afresh, ms
     */
    public record Leader(long leaseMs, long heartbeatMs, long retryMs) {
    }

    /** @return the election settings; defaults (10 s lease, 1 s heartbeat, 5 s retry) when not configured */
    @Override
    public Leader leader() {
        return leader == null ? new Leader(10_000, 1_000, 5_000) : leader;
    }

    /** @return the slot name, empty when derived from the database */
    @Override
    public String slotName() {
        return slotName == null ? "" : slotName;
    }

    /** @return the CloudEvents source, empty when derived from the database */
    @Override
    public String source() {
        return source == null ? "" : source;
    }

    /** @return the heartbeat query, empty for none */
    @Override
    public String heartbeatActionQuery() {
        return heartbeatActionQuery == null ? "" : heartbeatActionQuery;
    }

    /** @return the tables, never {@code null} */
    @Override
    public List<Table> tables() {
        return tables == null ? List.of() : tables;
    }

    /**
     * One captured table.
     *
     * @param name   {@code schema.table}, e.g. {@code public.products}
     * @param entity entity name used in default event types, e.g. {@code product}
     * @param events rules that choose the event type(s) of a change; a change no rule matches gets
     *               {@code <prefix>.<entity>.<created|updated|deleted|snapshot|truncated>}
     */
    public record Table(String name, String entity, List<EventRule> events) {
        /** @return the rules, never {@code null} */
        @Override
        public List<EventRule> events() {
            return events == null ? List.of() : events;
        }
    }

    /**
     * A CloudEvents type for some operations on a table.
     *
     * @param type        the CloudEvents {@code type} and the Artemis multicast address, e.g. {@code retail.product.changed}
     * @param operations  {@code create}, {@code update}, {@code delete}, {@code snapshot}, {@code truncate}
     * @param whenChanged for updates: only when one of these columns changed (or the before image is unknown)
     */
    public record EventRule(String type, List<String> operations, List<String> whenChanged) {
        /** @return the operations, never {@code null} */
        @Override
        public List<String> operations() {
            return operations == null ? List.of() : operations;
        }

        /** @return the columns, never {@code null} */
        @Override
        public List<String> whenChanged() {
            return whenChanged == null ? List.of() : whenChanged;
        }
    }
}
