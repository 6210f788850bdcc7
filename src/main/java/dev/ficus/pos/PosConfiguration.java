package dev.ficus.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestBodyLimit;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires POS ingest from {@link PosProperties} ({@code pos.max-document-bytes} for HTTP and queue documents,
 * {@code pos.drop.max-file-bytes} for drop-directory files, {@code pos.default-currency},
 * {@code pos.dead-letter-queue}, {@code pos.default-time-zone}, {@code pos.stores.*}, {@code pos.later-version-wins},
 * {@code pos.dialects-directory}); the idempotent consumer's record of published versions is
 * {@link JdbcProcessedTransactions} on {@code ficusDataSource}, table {@code pos_processed_transaction} (Flyway V20,
 * V31), processor name {@code pos-ingest}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PosProperties.class)
public class PosConfiguration {

    /** Table of the record of published transaction versions, in Ficus's schema. */
    static final String TABLE = JdbcProcessedTransactions.TABLE;

    /** @return the durable record of published transaction versions */
    @Bean
    ProcessedTransactions posProcessedTransactions(DataSource ficusDataSource) {
        return new JdbcProcessedTransactions(ficusDataSource);
    }

    /**
     * @return the POSLog dialects of {@code pos.dialects-directory} (relative to the working directory)
     * @throws IllegalStateException when a dialect file is broken
     */
    @Bean
    PosDialects posDialects(PosProperties pos, ObjectMapper objectMapper) {
        PosDialects dialects = PosDialects.load(Path.of(pos.dialectsDirectory()), objectMapper);
        LoggerFactory.getLogger(PosConfiguration.class).info("POSLog dialects from {}: {}", pos.dialectsDirectory(),
                dialects.names());
        return dialects;
    }

    /** Path of the HTTP channel (route {@code pos-receive-http}). */
    static final String HTTP_PATH = "/api/v1/pos/transactions";

    /**
     * Order of {@link #posBodyLimit}: after {@code RequestIds} (highest precedence, gives the problem its request
     * id) and after Spring Security's filter chain (order -100), so a caller that is not allowed in is refused before
     * any of its body is read.
     */
    static final int BODY_LIMIT_ORDER = 0;

    /**
     * The HTTP channel's body bound: a POSLog larger than {@code pos.max-document-bytes} is answered 413
     * {@code application/problem+json} while it streams (or at once from its {@code Content-Length}), never read
     * whole ({@link RequestBodyLimit}).
     *
     * @return the filter, on {@value #HTTP_PATH} only
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> posBodyLimit(PosProperties pos, Problems problems) {
        FilterRegistrationBean<RequestBodyLimit> bean = new FilterRegistrationBean<>(
                new RequestBodyLimit(pos.maxDocumentBytes(), "pos.max-document-bytes", problems));
        bean.addUrlPatterns(HTTP_PATH);
        bean.setOrder(BODY_LIMIT_ORDER);
        return bean;
    }

    /** @return the ingest service, bean {@code posIngest} for the channel routes under routes/pos/ */
    @Bean
    PosIngest posIngest(PosProperties pos, ProcessedTransactions posProcessedTransactions, PosDialects posDialects,
                        ProducerTemplate producer, MeterRegistry meters, CloudEventWriter cloudEventWriter,
                        Problems problems, ObjectMapper objectMapper) {
        PosEventMapper mapper = new PosEventMapper(pos.defaultCurrency(), pos::timeZone, posDialects,
                cloudEventWriter);
        PosMessages messages = new PosMessages(producer, "jms:queue:" + pos.deadLetterQueue());
        return new PosIngest(new PosLogParser(pos.maxDocumentBytes(), mapper),
                new PosLogParser(pos.drop().maxFileBytes(), mapper),
                new PosDocumentIngest(posProcessedTransactions, messages, meters, pos::laterVersionWins,
                        cloudEventWriter), messages, problems, objectMapper);
    }
}
