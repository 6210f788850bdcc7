package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.traffic.MigrationState;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionsTest {

    private static TrafficRoute route(boolean allowSkip) {
        return new TrafficRoute(null, "http://modern", null, null, null, allowSkip, null, null, null, null, null);
    }

    private static RouteState state(MigrationState s, int p, String kind) {
        return new RouteState("r", s, p, 3, kind, null, "x");
    }

    @Test
    void shouldAllowOneStepForwardAndAnyStepBack() {
        assertThat(Transitions.check(route(false), MigrationState.LEGACY, MigrationState.SHADOW, null).state())
                .isEqualTo(MigrationState.SHADOW);
        assertThat(Transitions.check(route(false), MigrationState.SHADOW, MigrationState.CANARY, 10).percent())
                .isEqualTo(10);
        assertThat(Transitions.check(route(false), MigrationState.CANARY, MigrationState.MODERN, null).state())
                .isEqualTo(MigrationState.MODERN);
        assertThat(Transitions.check(route(false), MigrationState.RETIRED, MigrationState.LEGACY, null).state())
                .isEqualTo(MigrationState.LEGACY);
        assertThat(Transitions.check(route(false), MigrationState.CANARY, MigrationState.CANARY, 60).percent())
                .isEqualTo(60);
    }

    @Test
    void shouldRefuseSkipsUnlessTheRouteAllowsThem() {
        assertThatThrownBy(() -> Transitions.check(route(false), MigrationState.LEGACY, MigrationState.MODERN, null))
                .isInstanceOfSatisfying(TrafficException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> Transitions.check(route(false), MigrationState.LEGACY, MigrationState.CANARY, 5))
                .isInstanceOfSatisfying(TrafficException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(Transitions.check(route(true), MigrationState.LEGACY, MigrationState.MODERN, null).state())
                .isEqualTo(MigrationState.MODERN);
    }

    @Test
    void shouldRefuseBadPercentages() {
        for (Integer p : new Integer[] {null, -1, 101}) {
            assertThatThrownBy(() -> Transitions.check(route(false), MigrationState.SHADOW, MigrationState.CANARY, p))
                    .isInstanceOfSatisfying(TrafficException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> Transitions.check(route(false), MigrationState.LEGACY, MigrationState.SHADOW, 20))
                .isInstanceOfSatisfying(TrafficException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(Transitions.check(route(false), MigrationState.SHADOW, MigrationState.CANARY, 0).percent()).isZero();
        assertThat(Transitions.check(route(false), MigrationState.SHADOW, MigrationState.CANARY, 100).percent())
                .isEqualTo(100);
    }

    @Test
    void shouldRollBackOneStateAndAdvanceThroughTheSteps() {
        var gates = new TrafficRoute.Gates(null, null, null, null,
                new TrafficRoute.AutoAdvance(true, List.of(1, 5, 25, 50, 100), null));
        assertThat(Transitions.rollback(state(MigrationState.MODERN, 0, "MANUAL"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.CANARY, 50));
        assertThat(Transitions.rollback(state(MigrationState.CANARY, 25, "MANUAL"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.SHADOW, 0));
        assertThat(Transitions.rollback(state(MigrationState.SHADOW, 0, "MANUAL"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.LEGACY, 0));
        assertThat(Transitions.rollback(state(MigrationState.LEGACY, 0, "MANUAL"), gates)).isEmpty();
        assertThat(Transitions.rollback(state(MigrationState.RETIRED, 0, "MANUAL"), gates)).isEmpty();

        assertThat(Transitions.advance(state(MigrationState.SHADOW, 0, "MANUAL"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.CANARY, 1));
        assertThat(Transitions.advance(state(MigrationState.CANARY, 5, "ADVANCE"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.CANARY, 25));
        assertThat(Transitions.advance(state(MigrationState.CANARY, 30, "MANUAL"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.CANARY, 50));
        assertThat(Transitions.advance(state(MigrationState.CANARY, 100, "ADVANCE"), gates).orElseThrow())
                .isEqualTo(new Transitions.Target(MigrationState.MODERN, 0));
        assertThat(Transitions.advance(state(MigrationState.MODERN, 0, "ADVANCE"), gates)).isEmpty();
    }
}
