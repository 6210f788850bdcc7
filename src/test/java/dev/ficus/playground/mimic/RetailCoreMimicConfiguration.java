package dev.ficus.playground.mimic;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the {@link RetailCoreMimic} beside Ficus, only when asked: {@code playground.mimic.enabled=true} (the
 * playground's {@code Playground} main and the integration tests ask; nothing in Ficus's own jar can). It listens
 * on loopback unless {@code playground.mimic.bind-address} says otherwise, and reads and writes the {@code DataSource} bean named {@code legacyDataSource}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "playground.mimic.enabled", havingValue = "true")
@EnableConfigurationProperties(RetailCoreMimicConfiguration.MimicProperties.class)
public class RetailCoreMimicConfiguration {

    /**
     * Settings under {@code playground.mimic}.
     *
     * @param enabled  serve the mimic (default false)
     * @param port     TCP port on 127.0.0.1, 0 to 65535, 0 = any free port (default 8090)
     * @param currency ISO 4217 code written as {@code CURRENCY_CODE} (default USD)
     * @param root     WireMock file root holding {@code mappings/}, relative to the working directory
     * @param bindAddress address to listen on (default 127.0.0.1; {@code 0.0.0.0} in its own container)
     */
    @ConfigurationProperties("playground.mimic")
    public record MimicProperties(@DefaultValue("false") boolean enabled,
                                  @DefaultValue("8090") int port,
                                  @DefaultValue("USD") String currency,
                                  @DefaultValue("adapters/retailcore/mimic") String root,
                                  @DefaultValue(RetailCoreMimic.LOOPBACK) String bindAddress) {
    }

    /**
     * The mimic, started when the context starts and stopped when it closes.
     *
     * @param dataSource the legacy (Northwind) database
     * @param properties port, currency and file root
     * @return the mimic (started by the container through {@code initMethod = "start"})
     * @throws IllegalArgumentException from the constructor for a bad port or currency
     * @throws IllegalStateException    from {@code start()} when the port is in use (the cause chain holds a
     *                                  {@link java.net.BindException} naming the port) or the mappings are missing
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    public RetailCoreMimic retailCoreMimic(@Qualifier("legacyDataSource") DataSource dataSource,
                                           MimicProperties properties) {
        return new RetailCoreMimic(dataSource, properties.port(), properties.currency(), Path.of(properties.root()),
                properties.bindAddress());
    }
}
