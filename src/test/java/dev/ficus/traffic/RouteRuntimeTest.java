package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a route's runtime counts for the gates, the legacy-call table and the admin API. */
class RouteRuntimeTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RouteRuntime rt = new RouteRuntime("r", new TrafficRoute(null, "http://modern", null, null, null, null,
            null, null, null, new TrafficRoute.Gates(30_000L, null, null, null, null)), 2, new TrafficMetrics(meters));

    static ShadowDiff diff(String requestId) {
        return new ShadowDiff(Instant.now(), requestId, "GET", "/x", null, "{}", 200, "{}", List.of("$.a"));
    }

    @Test
    void shouldKeepTheNewestDiffsFirst() {
        rt.addDiff(diff("1"));
        rt.addDiff(diff("2"));
        rt.addDiff(diff("3"));

        assertThat(rt.recentDiffs()).extracting(ShadowDiff::requestId).containsExactly("3", "2");
    }

    @Test
    void shouldCountModernErrorsOnlyWhenTheyAreGateErrors() {
        long now = System.currentTimeMillis();
        rt.modernAnswered(now);
        rt.modernFailed(true, now);
        rt.modernFailed(false, now);
        rt.compared(true, now);
        rt.compared(false, now);
        rt.legacyServed(now);

        RouteWindow.Totals t = rt.totals(now);
        assertThat(t).isEqualTo(new RouteWindow.Totals(2, 1, 2, 1, 1));
        assertThat(meters.get("ficus.traffic.shadow.mismatch.rate").gauge().value()).isEqualTo(0.5);
        assertThat(rt.windowMs()).isEqualTo(30_000);

        rt.resetWindow();
        assertThat(rt.totals(now)).isEqualTo(new RouteWindow.Totals(0, 0, 0, 0, 0));
    }

    @Test
    void shouldHandOverPendingLegacyCallsAndTakeBackUnflushedOnes() {
        long now = System.currentTimeMillis();
        rt.legacyServed(now);
        rt.legacyServed(now);

        long taken = rt.takePendingLegacyCalls();
        assertThat(taken).isEqualTo(2);
        assertThat(rt.takePendingLegacyCalls()).isZero();
        rt.restorePendingLegacyCalls(taken);
        assertThat(rt.takePendingLegacyCalls()).isEqualTo(2);
    }

    @Test
    void shouldCountFallbacksAndDrops() {
        rt.fellBack();
        rt.dropped();

        assertThat(rt.fallbacks()).isEqualTo(1);
        assertThat(meters.get("ficus.traffic.fallbacks").counter().count()).isEqualTo(1);
        assertThat(meters.get("ficus.traffic.shadow.dropped").counter().count()).isEqualTo(1);
    }
}
