package dev.ficus.playground.mimic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The Spring wiring of the mimic: off unless {@code playground.mimic.enabled=true}, started with the
 * context, stopped when it closes, and a clear failure when its port is taken. The database is never reached here
 * (the mimic only touches it when a request comes in), so the data source points nowhere.
 */
class RetailCoreMimicConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetailCoreMimicConfiguration.class))
            .withBean("legacyDataSource", DataSource.class,
                    () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
            .withBean("otherDataSource", DataSource.class,
                    () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/other"));

    @Test
    void startsWhenAskedAndStopsWithTheContext() throws Exception {
        int[] port = new int[1];
        runner.withPropertyValues("playground.mimic.enabled=true", "playground.mimic.port=0").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RetailCoreMimic.class);
            RetailCoreMimic mimic = context.getBean(RetailCoreMimic.class);
            port[0] = mimic.port();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(mimic.baseUrl() + "/nowhere")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("<CODE>NOT_FOUND</CODE>");
        });
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(port[0]));
            assertThat(again.isBound()).as("port released after the context closed").isTrue();
        }
    }

    @Test
    void offUnlessAsked() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RetailCoreMimic.class));
        runner.withPropertyValues("playground.mimic.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RetailCoreMimic.class));
    }

    @Test
    void portInUseFailsWithTheAddressInTheCauseChain() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            runner.withPropertyValues("playground.mimic.enabled=true", "playground.mimic.port=" + port).run(context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                BindException bind = null;
                boolean named = false;
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    if (t instanceof BindException b && bind == null) {
                        bind = b;
                    }
                    named |= String.valueOf(t.getMessage()).contains("RetailCore mimic port " + port
                            + " is already in use");
                }
                assertThat(bind).as("BindException in the cause chain").isNotNull();
                assertThat(bind.getMessage()).contains(String.valueOf(port));
                assertThat(named).isTrue();
            });
        }
    }
}
