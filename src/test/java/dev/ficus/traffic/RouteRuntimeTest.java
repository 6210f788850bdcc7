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
            null, null, null, new TrafficRoute.Gates(30_000L, null, null, null, null), null), 2,
            new TrafficMetrics(meters));

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
    void shouldHandOverOnlyTheDiffsNotYetStored() {
        rt.addDiff(diff("1"));
        RouteRuntime.UnstoredDiffs first = rt.unstoredDiffs();
        assertThat(first.diffs()).extracting(ShadowDiff::requestId).containsExactly("1");
        assertThat(rt.unstoredDiffs().diffs()).hasSize(1);   // not stored yet: handed over again

        rt.diffsStored(first.mark());
        assertThat(rt.unstoredDiffs().diffs()).isEmpty();

        rt.addDiff(diff("2"));
        rt.addDiff(diff("3"));
        rt.addDiff(diff("4"));
        RouteRuntime.UnstoredDiffs next = rt.unstoredDiffs();
        assertThat(next.diffs()).extracting(ShadowDiff::requestId).containsExactly("3", "4");   // 2 kept at most
        rt.addDiff(diff("5"));
        rt.diffsStored(next.mark());
        assertThat(rt.unstoredDiffs().diffs()).extracting(ShadowDiff::requestId).containsExactly("5");
    }

    @Test
    void shouldSnapshotTheNonEmptySecondsUnderTheStateVersion() {
        rt.stateVersion(3, false);
        rt.modernAnswered(5_000);
        rt.modernFailed(true, 7_900);
        rt.compared(false, 7_100);

        assertThat(rt.windowSnapshot(8_000)).isEqualTo(new RouteWindow.Snapshot(3, List.of(
                new RouteWindow.Bucket(5, new RouteWindow.Totals(1, 0, 0, 0, 0)),
                new RouteWindow.Bucket(7, new RouteWindow.Totals(1, 1, 1, 1, 0)))));
        assertThat(rt.windowSnapshot(35_500).buckets()).extracting(RouteWindow.Bucket::second)
                .containsExactly(7L);   // 30 s window: second 5 is out

        rt.stateVersion(4, true);
        assertThat(rt.windowSnapshot(8_000)).isEqualTo(new RouteWindow.Snapshot(4, List.of()));
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
