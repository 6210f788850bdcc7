package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which side answers per state, when a shadow runs, when legacy takes over a failure: pure decisions. */
class SidePolicyTest {

    static final TrafficRoute PLAIN = route(false, false);

    static TrafficRoute route(boolean safeForWrites, boolean shadowInCanary) {
        return new TrafficRoute(null, "http://modern", null, null, null, null, safeForWrites, shadowInCanary, null,
                null, null);
    }

    static RouteState state(MigrationState state, int percent) {
        return new RouteState("r", state, percent, 2, "MANUAL", null, "test");
    }

    static TrafficRequest request(String method, String key) {
        boolean idempotent = !method.equals("POST") && !method.equals("PATCH");
        return new TrafficRequest(null, method, "/x", null, Map.of(), null, key, idempotent);
    }

    static SidePolicy.Choice choose(MigrationState s, int percent, TrafficRoute route, String method, String key,
                                    Side forced) {
        return SidePolicy.choose(state(s, percent), route, request(method, key), forced);
    }

    @Test
    void shouldAnswerFromTheSideOfEachState() {
        assertThat(choose(MigrationState.LEGACY, 0, PLAIN, "GET", "k", null))
                .isEqualTo(new SidePolicy.Choice(Side.LEGACY, false));
        assertThat(choose(MigrationState.SHADOW, 0, PLAIN, "GET", "k", null))
                .isEqualTo(new SidePolicy.Choice(Side.LEGACY, true));
        assertThat(choose(MigrationState.MODERN, 0, PLAIN, "GET", "k", null))
                .isEqualTo(new SidePolicy.Choice(Side.MODERN, false));
        assertThat(choose(MigrationState.RETIRED, 0, PLAIN, "GET", "k", null))
                .isEqualTo(new SidePolicy.Choice(Side.MODERN, false));
    }

    @Test
    void shouldShadowWritesOnlyWhenTheModernSideIsSafeForThem() {
        assertThat(choose(MigrationState.SHADOW, 0, PLAIN, "POST", "k", null).shadow()).isFalse();
        assertThat(choose(MigrationState.SHADOW, 0, PLAIN, "PUT", "k", null).shadow()).isTrue();
        assertThat(choose(MigrationState.SHADOW, 0, route(true, false), "POST", "k", null).shadow()).isTrue();
    }

    @Test
    void shouldSplitCanaryByKeyAndShadowItsLegacyShareOnlyWhenDeclared() {
        for (int i = 0; i < 200; i++) {
            String key = "C" + i;
            Side expected = ConsistentSplit.modern(key, 30) ? Side.MODERN : Side.LEGACY;
            SidePolicy.Choice plain = choose(MigrationState.CANARY, 30, PLAIN, "GET", key, null);
            SidePolicy.Choice shadowing = choose(MigrationState.CANARY, 30, route(false, true), "GET", key, null);
            assertThat(plain).isEqualTo(new SidePolicy.Choice(expected, false));
            assertThat(shadowing).isEqualTo(new SidePolicy.Choice(expected, expected == Side.LEGACY));
        }
        assertThat(choose(MigrationState.CANARY, 0, PLAIN, "GET", "k", null).side()).isEqualTo(Side.LEGACY);
        assertThat(choose(MigrationState.CANARY, 100, PLAIN, "GET", "k", null).side()).isEqualTo(Side.MODERN);
    }

    @Test
    void shouldLetAForcedSideWinWithoutShadow() {
        assertThat(choose(MigrationState.SHADOW, 0, PLAIN, "GET", "k", Side.MODERN))
                .isEqualTo(new SidePolicy.Choice(Side.MODERN, false));
        assertThat(choose(MigrationState.RETIRED, 0, PLAIN, "GET", "k", Side.LEGACY))
                .isEqualTo(new SidePolicy.Choice(Side.LEGACY, false));
    }

    @Test
    void shouldKeepWritesFromMessagesOnLegacyUntilTheKeyMoves() {
        assertThat(SidePolicy.legacyOwns(state(MigrationState.LEGACY, 0), "k")).isTrue();
        assertThat(SidePolicy.legacyOwns(state(MigrationState.SHADOW, 0), "k")).isTrue();
        assertThat(SidePolicy.legacyOwns(state(MigrationState.MODERN, 0), "k")).isFalse();
        assertThat(SidePolicy.legacyOwns(state(MigrationState.RETIRED, 0), "k")).isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(SidePolicy.legacyOwns(state(MigrationState.CANARY, 40), "T" + i))
                    .isEqualTo(!ConsistentSplit.modern("T" + i, 40));
        }
    }

    @Test
    void shouldFallBackOnlyForIdempotentUnforcedRequestsWhileLegacyIsOn() {
        assertThat(SidePolicy.fallsBack(MigrationState.MODERN, true, false)).isTrue();
        assertThat(SidePolicy.fallsBack(MigrationState.CANARY, true, false)).isTrue();
        assertThat(SidePolicy.fallsBack(MigrationState.MODERN, false, false)).isFalse();
        assertThat(SidePolicy.fallsBack(MigrationState.MODERN, true, true)).isFalse();
        assertThat(SidePolicy.fallsBack(MigrationState.RETIRED, true, false)).isFalse();
    }

    @Test
    void shouldCountUnavailableAsAGateErrorOnlyWhenTheClientGetsIt() {
        assertThat(SidePolicy.gateError(false, true)).isTrue();
        assertThat(SidePolicy.gateError(false, false)).isTrue();
        assertThat(SidePolicy.gateError(true, true)).isFalse();
        assertThat(SidePolicy.gateError(true, false)).isTrue();
    }
}
