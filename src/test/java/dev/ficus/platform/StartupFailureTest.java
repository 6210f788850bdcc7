package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.web.server.PortInUseException;

class StartupFailureTest {

    @Test
    void shouldPreferOurOwnCheckMessageAnywhereInTheChain() {
        Throwable failure = new BeanCreationException("legacyDataSource",
                new StartupCheckException("PostgreSQL at jdbc:postgresql://db/x is unreachable: refused"));

        assertThat(StartupFailure.describe(failure))
                .isEqualTo("PostgreSQL at jdbc:postgresql://db/x is unreachable: refused");
    }

    @Test
    void shouldNameTheHttpPortWhenTheWebServerCannotBind() {
        Throwable failure = new IllegalStateException("web", new PortInUseException(8080, new BindException()));

        assertThat(StartupFailure.describe(failure)).isEqualTo("port 8080 (HTTP façade) is already in use");
    }

    @Test
    void shouldNameRouteFileAndLine() {
        Throwable failure = new RuntimeException("Error loading routes from file:/srv/routes/facade/x.camel.yaml",
                new RuntimeException("while scanning a quoted scalar\n in reader, line 6, column 27:\n   ..."));

        assertThat(StartupFailure.describe(failure))
                .startsWith("route file /srv/routes/facade/x.camel.yaml:6 cannot be read");
    }

    @Test
    void shouldNeverReturnMoreThanOneLine() {
        Throwable failure = new IllegalStateException("first\nsecond\r\nthird");

        assertThat(StartupFailure.describe(failure)).doesNotContain("\n").doesNotContain("\r");
    }
}
