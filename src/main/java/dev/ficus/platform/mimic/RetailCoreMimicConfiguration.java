package dev.ficus.platform.mimic;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the {@link RetailCoreMimic} inside the application when {@code legacy.mimic.enabled} is {@code true}
 * (the default).
 *
 * <p>Properties: {@code legacy.mimic.port} (TCP port, default 8090, 0 = any free port), {@code legacy.mimic.currency}
 * (ISO 4217 code written as {@code CURRENCY_CODE}, default {@code USD}), {@code legacy.mimic.root} (WireMock file
 * root holding {@code mappings/}, default {@code adapters/retailcore/mimic}, relative to the working directory).
 * The mimic reads and writes the {@code DataSource} bean named {@code legacyDataSource}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "legacy.mimic.enabled", havingValue = "true", matchIfMissing = true)
public class RetailCoreMimicConfiguration {

    /**
     * The mimic, started when the context starts and stopped when it closes.
     *
     * @param dataSource the legacy (Northwind) database
     * @param port       TCP port, 0 to 65535
     * @param currency   ISO 4217 code, 3 upper-case letters
     * @param root       WireMock file root
     * @return the mimic (started by the container through {@code initMethod = "start"})
     * @throws IllegalArgumentException from the constructor for a bad port or currency
     * @throws IllegalStateException    from {@code start()} when the port is in use (the cause chain holds a
     *                                  {@link java.net.BindException} naming the port) or the mappings are missing
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    public RetailCoreMimic retailCoreMimic(@Qualifier("legacyDataSource") DataSource dataSource,
                                           @Value("${legacy.mimic.port:8090}") int port,
                                           @Value("${legacy.mimic.currency:USD}") String currency,
                                           @Value("${legacy.mimic.root:adapters/retailcore/mimic}") String root) {
        return new RetailCoreMimic(dataSource, port, currency, Path.of(root));
    }
}
