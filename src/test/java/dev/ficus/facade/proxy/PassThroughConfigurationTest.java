package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.platform.web.Problems;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/** The proxy's wiring without a server: routes bind, the servlets' initializer gets its collaborators. */
class PassThroughConfigurationTest {

    @Test
    void shouldBindTheRoutesAndCreateTheServletInitializer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(PassThroughConfiguration.class, Problems.class)
                .withPropertyValues("facade.passthrough.routes[0].id=legacy",
                        "facade.passthrough.routes[0].path-prefix=/legacy",
                        "facade.passthrough.routes[0].target=http://127.0.0.1:1/base")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PassThroughProperties.class).routes()).singleElement()
                            .satisfies(route -> assertThat(route.connectTimeoutMs()).isEqualTo(2000));
                    assertThat(context.getBean("passThroughServlets")).isInstanceOf(ServletContextInitializer.class);
                });
    }
}
