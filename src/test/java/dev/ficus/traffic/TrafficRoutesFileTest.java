package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.platform.StartupCheckException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

/** The traffic routes file's rollout plans: the shipped file's plan binds, a plan that does not rise stops the start. */
class TrafficRoutesFileTest {

    @Test
    void shouldBindTheShippedFilesDeclaredRolloutPlan() {
        Map<String, TrafficRoute> routes = TrafficRoutesFile.load(Path.of("config/traffic.yml"),
                new StandardEnvironment());

        assertThat(routes.get("facade-get-product").rollout().steps()).containsExactly(
                new RolloutStep(1, 600_000L, false), new RolloutStep(5, 600_000L, false),
                new RolloutStep(25, 1_800_000L, true), new RolloutStep(50, 1_800_000L, false),
                new RolloutStep(100, 3_600_000L, false));
        assertThat(routes.get("facade-get-inventory").rollout()).isNull();
        assertThat(routes.get("facade-get-inventory").effectiveGates()).isEqualTo(routes.get("facade-get-inventory")
                .gates());
        assertThat(routes.get("pos-posting").effectiveGates()).isEqualTo(new TrafficRoute.Gates(60_000L, 20, 0.05,
                0.01, null));
    }

    @Test
    void shouldStopTheStartOnAPlanWhosePercentagesFall(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("traffic.yml"), """
                traffic:
                  routes:
                    facade-get-product:
                      modern-base-url: http://modern
                      rollout:
                        steps: [{percent: 50}, {percent: 10}]
                """);

        assertThatThrownBy(() -> TrafficRoutesFile.load(file, new StandardEnvironment()))
                .isInstanceOf(StartupCheckException.class)
                .hasMessageContaining("route facade-get-product rollout: step percentages must rise, got 10 after 50");
    }
}
