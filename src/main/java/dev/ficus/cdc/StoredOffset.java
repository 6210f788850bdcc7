package dev.ficus.cdc;

import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings the stored Debezium offset up to the replication slot's confirmed position before the engine starts.
 *
 * <p>The slot's {@code confirmed_flush_lsn} only moves after an offset commit, and an offset is committed only
 * after Artemis confirmed every change it covers ({@link CdcEngine}), so every change up to it was published. The
 * stored offset can still fall behind it: an offset write that failed or was retried late while Ficus's database
 * restarted. Debezium 3.4 then refuses to stream ("last recorded offset is no longer available on the server"), and
 * its {@code trust_greater_lsn} strategy fails too (it tries to move the slot back: debezium/dbz#1863, fixed after
 * 3.4). Moving the stored position up to the slot's ({@code lsn_commit} the slot's position, {@code lsn} and
 * {@code lsn_proc} just before it, as Debezium stores them after a commit) resumes capture right after the last
 * published change; nothing is lost and nothing is sent twice.
 *
 * <p>Offsets are rows of Debezium's JDBC offset store ({@code cdc.offset-schema}.{@code cdc.offset-table}),
 * {@code offset_key} {@code ["ficus-cdc",{"server":"<slot>"}]} and {@code offset_val} the PostgreSQL connector's
 * offset as JSON text (LSNs as byte positions).
 */
final class StoredOffset {

    private static final Logger log = LoggerFactory.getLogger(StoredOffset.class);

    private StoredOffset() {
    }

    /**
     * @param legacy     the captured database (its {@code pg_replication_slots})
     * @param ficus      Ficus's database (the offset store)
     * @param offsets    the offset table, schema-qualified, e.g. {@code ficus.cdc_offset}
     * @param engineName Debezium's engine name ({@code name}), first element of the offset key
     * @param slotName   the replication slot, also Debezium's {@code topic.prefix}
     * @return whether the stored offset was moved
     * @throws org.springframework.dao.DataAccessException when either database cannot be read or written
     */
    static boolean catchUpWithSlot(DataSource legacy, DataSource ficus, String offsets, String engineName,
                                   String slotName) {
        List<Long> slot = new JdbcTemplate(legacy).queryForList("SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint"
                + " FROM pg_replication_slots WHERE slot_name = ? AND confirmed_flush_lsn IS NOT NULL", Long.class,
                slotName);
        if (slot.isEmpty()) {
            return false;
        }
        long confirmed = slot.get(0);
        String key = "[\"" + engineName + "\",{\"server\":\"" + slotName + "\"}]";
        JdbcTemplate store = new JdbcTemplate(ficus);
        List<Long> stored = store.queryForList("SELECT (offset_val::jsonb ->> 'lsn')::bigint FROM " + offsets
                + " WHERE offset_key::jsonb = ?::jsonb", Long.class, key);
        if (stored.isEmpty() || stored.get(0) == null || stored.get(0) >= confirmed) {
            return false;
        }
        // as after a commit Debezium flushed: the last commit at the slot's position, the last change before it
        store.update("UPDATE " + offsets + " SET offset_val = (offset_val::jsonb || jsonb_build_object('lsn', ?::bigint,"
                + " 'lsn_proc', ?::bigint, 'lsn_commit', ?::bigint))::text WHERE offset_key::jsonb = ?::jsonb",
                confirmed - 1, confirmed - 1, confirmed, key);
        log.warn("Change data capture: the stored offset (LSN {}) was behind replication slot {} (confirmed {}): "
                + "resuming from the slot, whose changes were all published", stored.get(0), slotName, confirmed);
        return true;
    }
}
