package dev.ficus.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetirementVerdictTest {

    static final long WEEK = 604_800_000L;

    @Test
    void shouldBeSafeOnlyWhenModernServesAllAndLegacyWasNotCalledInTheWindow() {
        RetirementVerdict safe = RetirementVerdict.of("MODERN", 0, "2026-11-26T09:00:00Z", WEEK, 0);
        assertThat(safe.safe()).isTrue();
        assertThat(safe.evidence()).isEqualTo("MODERN and no legacy calls in the last 7 d (since 2026-11-26 09:00:00Z)");

        RetirementVerdict called = RetirementVerdict.of("MODERN", 3, "2026-11-26T09:00:00Z", WEEK, 2);
        assertThat(called.safe()).isFalse();
        assertThat(called.evidence()).startsWith("3 legacy calls in the last 7 d").endsWith("2 fallbacks on this replica");
    }

    @Test
    void shouldNotCallAnIdleRouteThatLegacyStillServesSafe() {
        RetirementVerdict idle = RetirementVerdict.of("CANARY", 0, "2026-11-26T09:00:00Z", WEEK, 0);
        assertThat(idle.safe()).isFalse();
        assertThat(idle.evidence()).contains("the route is CANARY");
        assertThat(RetirementVerdict.of("RETIRED", 0, "2026-11-26T09:00:00Z", WEEK, 0).label()).isEqualTo("retired");
    }
}
