package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the modern client classifies a 503: with Retry-After "unavailable" (not ready), without it a server error. */
class ModernClientTest {

    final WireMockServer modern = new WireMockServer(options().dynamicPort());
    final ModernClient client = new ModernClient(TrafficFixtures.properties());

    @AfterEach
    void stop() {
        modern.stop();
    }

    @Test
    void shouldTellAServiceThatIsNotReadyYetFromABrokenOne() {
        modern.start();
        modern.stubFor(WireMock.get(urlPathEqualTo("/ready-later")).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "7")));
        modern.stubFor(WireMock.get(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(503)));
        TrafficRoute route = new TrafficRoute(null, modern.baseUrl(), null, 2_000L, null, null, null, null, null,
                null, null);

        ModernClient.ModernFailure notReady = catchThrowableOfType(ModernClient.ModernFailure.class,
                () -> client.call("r", route, request("/ready-later")));
        ModernClient.ModernFailure broken = catchThrowableOfType(ModernClient.ModernFailure.class,
                () -> client.call("r", route, request("/broken")));

        assertThat(notReady.unavailable()).isTrue();
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.retryAfterS()).isEqualTo(7);
        assertThat(broken.unavailable()).isFalse();
        assertThat(broken.reason).isEqualTo("server-error");
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrAsAnHttpDate() {
        assertThat(ModernClient.retryAfterSeconds("5")).isEqualTo(5);
        assertThat(ModernClient.retryAfterSeconds(" 0 ")).isZero();
        assertThat(ModernClient.retryAfterSeconds("-1")).isNull();
        assertThat(ModernClient.retryAfterSeconds("soon")).isNull();
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(60));
        assertThat(ModernClient.retryAfterSeconds(inAMinute)).isBetween(55, 60);
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(ModernClient.retryAfterSeconds(past)).isEqualTo(1);
    }

    private static TrafficRequest request(String path) {
        return new TrafficRequest("id", "GET", path, null, Map.of("Accept", "application/json"), null, null,
                true);
    }
}
