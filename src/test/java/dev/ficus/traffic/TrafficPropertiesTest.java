package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every default of {@code traffic:} lives in application.yml, and it binds to the record. */
class TrafficPropertiesTest {

    @Test
    void shouldBindEveryDefaultFromApplicationYml() {
        assertThat(TrafficFixtures.properties()).isEqualTo(new TrafficProperties("config/traffic.yml", 250, "", 16,
                1_000, 50, 1_000, 5_000, 604_800_000L, 50f, 10, 10_000));
        assertThat(TrafficFixtures.rolloutProperties()).isEqualTo(new RolloutProperties("", 2_000, 3, 500, 1_000));
    }
}
