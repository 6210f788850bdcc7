package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyDecisionTest {

    static final ProcessedTransactions.Version V1 = new ProcessedTransactions.Version("aaa", 1, "e1");

    @Test
    void shouldPublishANewKey() {
        assertThat(KeyDecision.decide(null, false, false)).isEqualTo(KeyDecision.NEW);
        assertThat(KeyDecision.decide(null, false, true)).isEqualTo(KeyDecision.NEW);
    }

    @Test
    void shouldCallOnlyTheSameContentADuplicate() {
        assertThat(KeyDecision.decide(V1, true, false)).isEqualTo(KeyDecision.DUPLICATE);
        assertThat(KeyDecision.decide(V1, true, true)).as("a resend of any version published").isEqualTo(
                KeyDecision.DUPLICATE);
    }

    @Test
    void shouldCallOtherContentAConflictUnlessTheLaterVersionWins() {
        assertThat(KeyDecision.decide(V1, false, false)).isEqualTo(KeyDecision.CONFLICT);
        assertThat(KeyDecision.decide(V1, false, true)).isEqualTo(KeyDecision.CORRECTION);
    }

    @Test
    void shouldTreatAKeyRecordedBeforeHashesAsADuplicate() {
        ProcessedTransactions.Version legacy = new ProcessedTransactions.Version("", 1, null);

        assertThat(KeyDecision.decide(legacy, false, false)).isEqualTo(KeyDecision.DUPLICATE);
        assertThat(KeyDecision.decide(legacy, false, true)).isEqualTo(KeyDecision.DUPLICATE);
    }
}
