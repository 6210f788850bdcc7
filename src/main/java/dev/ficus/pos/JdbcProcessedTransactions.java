package dev.ficus.pos;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ProcessedTransactions} on table {@value #TABLE} of Ficus's own database (schema {@code ficus}, Flyway V20 and
 * V31): one row per published version, {@code (processorName, messageId = key, contentHash)} the primary key and
 * {@code (processorName, messageId, version)} unique, so two ingests racing on one key cannot both record the same
 * version. Rows of Ficus before V31 have an empty hash and version 1. Processor name {@value #PROCESSOR}.
 *
 * <p>Errors: Spring's {@link org.springframework.dao.DataAccessException} when the database cannot be reached
 * (propagated: the channel redelivers).
 */
final class JdbcProcessedTransactions implements ProcessedTransactions {

    /** Table of the published versions, in Ficus's schema. */
    static final String TABLE = "pos_processed_transaction";
    /** Value of {@code processorName} (the column of Camel's JDBC idempotent repository layout it grew from). */
    static final String PROCESSOR = "pos-ingest";

    private final JdbcTemplate jdbc;

    /** @param ficusDataSource Ficus's own database */
    JdbcProcessedTransactions(DataSource ficusDataSource) {
        this.jdbc = new JdbcTemplate(ficusDataSource);
    }

    @Override
    public Version latest(String key) {
        List<Version> found = jdbc.query("SELECT contentHash, version, eventId FROM " + TABLE
                        + " WHERE processorName = ? AND messageId = ? ORDER BY version DESC LIMIT 1",
                (rs, i) -> new Version(rs.getString(1), rs.getInt(2), rs.getString(3)), PROCESSOR, key);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public boolean contains(String key, String contentHash) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE
                + " WHERE processorName = ? AND messageId = ? AND contentHash = ?", Integer.class,
                PROCESSOR, key, contentHash);
        return n != null && n > 0;
    }

    @Override
    public boolean record(String key, Version version) {
        try {
            jdbc.update("INSERT INTO " + TABLE + " (processorName, messageId, createdAt, contentHash, version, eventId)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", PROCESSOR, key, Timestamp.from(Instant.now()),
                    version.contentHash(), version.version(), version.eventId());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
