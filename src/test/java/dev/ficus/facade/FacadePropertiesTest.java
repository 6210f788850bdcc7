package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.FileSystemResource;

/**
 * {@link FacadeProperties} bound from the packaged {@code application.yml} (where its defaults live) and from
 * overrides, without starting Ficus.
 */
class FacadePropertiesTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(c -> {
                try {
                    new YamlPropertySourceLoader().load("application.yml",
                            new FileSystemResource("src/main/resources/application.yml"))
                            .forEach(c.getEnvironment().getPropertySources()::addLast);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            })
            .withUserConfiguration(Configuration.class);

    @Test
    void shouldBindThePackagedDefaults() {
        context.run(c -> {
            FacadeProperties facade = c.getBean(FacadeProperties.class);

            assertThat(facade.currency()).isEqualTo("USD");
            assertThat(facade.maxRequestBytes()).isEqualTo(1_048_576L);
            assertThat(facade.cache()).isEqualTo(new FacadeProperties.Cache(30_000, 5_000, true));
            assertThat(facade.timeoutMs("facade-get-product")).isEqualTo(10_000L);
            assertThat(facade.timeoutMs("facade-create-order")).isEqualTo(30_000L);
            assertThat(facade.routes()).containsKeys("facade-list-products", "facade-get-inventory",
                    "facade-get-customer", "facade-list-customer-orders", "facade-get-order");
            assertThat(facade.timeoutMs("facade-not-configured")).isNull();
        });
    }

    @Test
    void shouldTakeOverridesByRouteIdAndRefuseATimeoutThatIsNotPositive() {
        context.withPropertyValues("facade.routes.facade-get-product.timeout-ms=500", "LEGACY_RESPONSE_TIMEOUT_MS=7",
                "facade.cache.evict-on-change=false").run(c -> {
                    FacadeProperties facade = c.getBean(FacadeProperties.class);
                    assertThat(facade.timeoutMs("facade-get-product")).isEqualTo(500L);
                    assertThat(facade.timeoutMs("facade-get-order")).isEqualTo(7L);
                    assertThat(facade.cache().evictOnChange()).isFalse();
                });
        context.withPropertyValues("facade.routes.facade-get-order.timeout-ms=0").run(c ->
                assertThat(c).hasFailed().getFailure().hasStackTraceContaining("timeout-ms must be positive"));
    }

    @EnableConfigurationProperties(FacadeProperties.class)
    static class Configuration {
    }
}
