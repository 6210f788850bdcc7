package dev.ficus.pos;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires POS ingest from the {@code pos:} configuration block: {@code pos.max-document-bytes} (HTTP and queue
 * documents), {@code pos.drop.max-file-bytes} (drop-directory files), {@code pos.default-currency},
 * {@code pos.dead-letter-queue}; the idempotent repository is Camel's {@link JdbcMessageIdRepository} on
 * {@code ficusDataSource}, table {@code pos_processed_transaction} (Flyway V20), processor name
 * {@code pos-ingest}.
 */
@Configuration(proxyBeanMethods = false)
public class PosConfiguration {

    /** Table of the idempotent repository, in Ficus's schema. */
    static final String TABLE = "pos_processed_transaction";

    /** @return the durable idempotent repository of published transaction keys */
    @Bean(initMethod = "start", destroyMethod = "stop")
    JdbcMessageIdRepository posProcessedTransactions(DataSource ficusDataSource) {
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(ficusDataSource, "pos-ingest");
        repo.setTableName(TABLE);
        repo.setCreateTableIfNotExists(false);
        repo.setTableExistsString("SELECT 1 FROM " + TABLE + " WHERE 1 = 0");
        repo.setQueryString("SELECT COUNT(*) FROM " + TABLE + " WHERE processorName = ? AND messageId = ?");
        repo.setInsertString("INSERT INTO " + TABLE + " (processorName, messageId, createdAt) VALUES (?, ?, ?)");
        repo.setDeleteString("DELETE FROM " + TABLE + " WHERE processorName = ? AND messageId = ?");
        repo.setClearString("DELETE FROM " + TABLE + " WHERE processorName = ?");
        return repo;
    }

    /** @return the ingest service, bean {@code posIngest} for the channel routes under routes/pos/ */
    @Bean
    PosIngest posIngest(JdbcMessageIdRepository posProcessedTransactions, ProducerTemplate producer,
                        MeterRegistry meters,
                        @Value("${pos.max-document-bytes}") long maxDocumentBytes,
                        @Value("${pos.drop.max-file-bytes}") long maxFileBytes,
                        @Value("${pos.default-currency}") String currency,
                        @Value("${pos.dead-letter-queue}") String deadLetterQueue) {
        PosEventMapper mapper = new PosEventMapper(currency);
        return new PosIngest(new PosLogParser(maxDocumentBytes, mapper), new PosLogParser(maxFileBytes, mapper),
                posProcessedTransactions, producer, meters, "jms:queue:" + deadLetterQueue);
    }
}
