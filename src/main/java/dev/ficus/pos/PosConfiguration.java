package dev.ficus.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.Problems;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires POS ingest from {@link PosProperties} ({@code pos.max-document-bytes} for HTTP and queue documents,
 * {@code pos.drop.max-file-bytes} for drop-directory files, {@code pos.default-currency},
 * {@code pos.dead-letter-queue}); the idempotent repository is Camel's {@link JdbcMessageIdRepository} on
 * {@code ficusDataSource}, table {@code pos_processed_transaction} (Flyway V20), processor name
 * {@code pos-ingest}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PosProperties.class)
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
    PosIngest posIngest(PosProperties pos, JdbcMessageIdRepository posProcessedTransactions,
                        ProducerTemplate producer, MeterRegistry meters, CloudEventWriter cloudEventWriter,
                        Problems problems, ObjectMapper objectMapper) {
        PosEventMapper mapper = new PosEventMapper(pos.defaultCurrency(), cloudEventWriter);
        PosMessages messages = new PosMessages(producer, "jms:queue:" + pos.deadLetterQueue());
        return new PosIngest(new PosLogParser(pos.maxDocumentBytes(), mapper),
                new PosLogParser(pos.drop().maxFileBytes(), mapper),
                new PosDocumentIngest(posProcessedTransactions, messages, meters), messages, problems, objectMapper);
    }
}
