package dev.ficus.pos.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail of dead-letter actions, table {@value #TABLE} of Ficus's own database (schema {@code ficus},
 * Flyway V33), shared by every replica: one row per message resent or discarded.
 *
 * <p>{@link #inTransaction} writes the rows of one action and runs the broker's commit inside the same database
 * transaction: when the broker refuses the commit, the rows are rolled back; when the database refuses its commit
 * after the broker's, the messages have moved and the caller learns it from the exception (see
 * {@link DeadLetters}). Errors: Spring's {@link org.springframework.dao.DataAccessException} when the database
 * cannot be reached.
 */
final class DeadLetterAudit {

    /** The audit table, in Ficus's schema. */
    static final String TABLE = "pos_dead_letter_audit";
    /** Largest {@code limit} of {@link #newest}. */
    static final int MAX_LIMIT = 1000;

    /**
     * One audited message.
     *
     * @param principal   who (the authenticated principal's name, at most 200 characters)
     * @param action      {@code resend} or {@code discard}
     * @param queue       the dead-letter queue
     * @param messageId   the JMS message id
     * @param businessKey the transaction's key, or {@code null}
     * @param resentTo    the queue it was resent to, or {@code null}
     * @param reason      the operator's reason, or {@code null}
     */
    record Entry(String principal, String action, String queue, String messageId, String businessKey,
                 String resentTo, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    /** @param ficusDataSource Ficus's own database */
    DeadLetterAudit(DataSource ficusDataSource) {
        this.jdbc = new JdbcTemplate(ficusDataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(ficusDataSource));
    }

    /**
     * Writes {@code entries} and runs {@code commit} in one database transaction.
     *
     * @param entries the rows
     * @param commit  the broker's commit, last
     */
    void inTransaction(List<Entry> entries, Runnable commit) {
        tx.executeWithoutResult(status -> {
            Timestamp at = Timestamp.from(Instant.now());
            jdbc.batchUpdate("INSERT INTO " + TABLE + " (at, principal, action, queue, message_id, business_key, "
                    + "resent_to, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries, entries.size(), (st, e) -> {
                        st.setTimestamp(1, at);
                        st.setString(2, e.principal());
                        st.setString(3, e.action());
                        st.setString(4, e.queue());
                        st.setString(5, e.messageId());
                        st.setString(6, e.businessKey());
                        st.setString(7, e.resentTo());
                        st.setString(8, e.reason());
                    });
            commit.run();
        });
    }

    /**
     * @param limit how many, clamped to 1..{@value #MAX_LIMIT}
     * @return the newest rows first, each {@code id, at} (ISO-8601), {@code principal, action, queue, messageId,
     *         businessKey, reason}
     */
    List<Map<String, Object>> newest(int limit) {
        return jdbc.query("SELECT id, at, principal, action, queue, message_id, business_key, reason FROM " + TABLE
                + " ORDER BY at DESC, id DESC LIMIT ?", (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong("id"));
                    row.put("at", rs.getTimestamp("at").toInstant().toString());
                    row.put("principal", rs.getString("principal"));
                    row.put("action", rs.getString("action"));
                    row.put("queue", rs.getString("queue"));
                    row.put("messageId", rs.getString("message_id"));
                    row.put("businessKey", rs.getString("business_key"));
                    row.put("reason", rs.getString("reason"));
                    return row;
                }, Math.max(1, Math.min(limit, MAX_LIMIT)));
    }
}
