package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who may force a side, and which noise probes count. */
class TrafficSecretsTest {

    @Test
    void shouldHonourRouteToOnlyWithTheTrustedToken() {
        TrafficSecrets secrets = new TrafficSecrets("s3cr3t");

        assertThat(secrets.forcedSide("modern", "s3cr3t")).isEqualTo(Side.MODERN);
        assertThat(secrets.forcedSide(" Legacy ", "s3cr3t")).isEqualTo(Side.LEGACY);
        assertThat(secrets.forcedSide("sideways", "s3cr3t")).isNull();
        assertThat(secrets.forcedSide("modern", "guess")).isNull();
        assertThat(secrets.forcedSide("modern", null)).isNull();
        assertThat(secrets.forcedSide(null, "s3cr3t")).isNull();
    }

    @Test
    void shouldLetNobodyForceASideWithoutAConfiguredToken() {
        assertThat(new TrafficSecrets("").forcedSide("modern", "")).isNull();
        assertThat(new TrafficSecrets(null).forcedSide("modern", "")).isNull();
    }

    @Test
    void shouldKnowItsOwnProbesOnly() {
        TrafficSecrets secrets = new TrafficSecrets("");

        assertThat(secrets.isProbe(secrets.probeSecret())).isTrue();
        assertThat(secrets.isProbe(new TrafficSecrets("").probeSecret())).isFalse();
        assertThat(secrets.isProbe("true")).isFalse();
        assertThat(secrets.isProbe(null)).isFalse();
    }
}
