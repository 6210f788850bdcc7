package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class TargetFailureTest {

    private final Route route = new Route("legacy", "/legacy", URI.create("http://127.0.0.1:1"), 2000, 1500, 10);

    @Test
    void shouldMapEachFailureToItsStatus() {
        assertThat(TargetFailure.of(new ConnectException("refused"))).isEqualTo(TargetFailure.UNREACHABLE);
        assertThat(TargetFailure.of(new ConnectTimeoutException("connect timed out")))
                .isEqualTo(TargetFailure.UNREACHABLE);
        assertThat(TargetFailure.of(new NoRouteToHostException())).isEqualTo(TargetFailure.UNREACHABLE);
        assertThat(TargetFailure.of(new UnknownHostException())).isEqualTo(TargetFailure.UNREACHABLE);
        assertThat(TargetFailure.of(new ConnectionRequestTimeoutException())).isEqualTo(TargetFailure.UNREACHABLE);
        assertThat(TargetFailure.of(new SocketTimeoutException("read timed out"))).isEqualTo(TargetFailure.SILENT);
        assertThat(TargetFailure.of(new NoHttpResponseException("no answer"))).isEqualTo(TargetFailure.BROKEN);
        assertThat(TargetFailure.of(new ConnectionClosedException())).isEqualTo(TargetFailure.BROKEN);
        assertThat(TargetFailure.of(new IOException("garbage"))).isEqualTo(TargetFailure.BROKEN);

        assertThat(TargetFailure.UNREACHABLE.status()).isEqualTo(503);
        assertThat(TargetFailure.SILENT.status()).isEqualTo(504);
        assertThat(TargetFailure.BROKEN.status()).isEqualTo(502);
    }

    @Test
    void shouldNameTheRouteAndTheTimeoutInTheDetail() {
        assertThat(TargetFailure.SILENT.detail(route))
                .isEqualTo("Pass-through route legacy: the target did not answer within 1500 ms");
        assertThat(TargetFailure.UNREACHABLE.detail(route)).startsWith("Pass-through route legacy:");
    }

    @Test
    void shouldPassOnlyReasonPhrasesThatFitTheStatusLine() {
        assertThat(UndertowAccess.isPassableReason("Short And Stout")).isTrue();
        assertThat(UndertowAccess.isPassableReason("")).isTrue();
        assertThat(UndertowAccess.isPassableReason("Ung\u00fcltig\tx")).isTrue();
        assertThat(UndertowAccess.isPassableReason(null)).isFalse();
        assertThat(UndertowAccess.isPassableReason("a\r\nSet-Cookie: x")).isFalse();
        assertThat(UndertowAccess.isPassableReason("\u20ac")).isFalse();
        assertThat(UndertowAccess.isPassableReason("x".repeat(UndertowAccess.MAX_REASON_LENGTH))).isTrue();
        assertThat(UndertowAccess.isPassableReason("x".repeat(UndertowAccess.MAX_REASON_LENGTH + 1))).isFalse();
    }
}
