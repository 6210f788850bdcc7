package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Redocly CLI's {@code recommended} ruleset (configured by {@code redocly.yaml}) finds no error and no warning in
 * the committed contract {@code api/openapi.json}. The CLI is the npm package {@code @redocly/cli}, installed into
 * {@code target/redocly} by the build (exec-maven-plugin, pre-integration-test; failsafe passes its path as system
 * property {@code redocly.bin}). Missing, the test fails and names the install command.
 */
class ApiLintIT {

    @Test
    void shouldPassRedoclysRecommendedRulesWithoutAWarning() throws Exception {
        Path redocly = Path.of(System.getProperty("redocly.bin", "target/redocly/node_modules/.bin/redocly"));
        assertThat(Files.isExecutable(redocly)).as("Redocly CLI missing at %s; install it with: "
                + "npm install --prefix target/redocly --no-audit --no-fund @redocly/cli@2.77.0", redocly).isTrue();

        ProcessBuilder lint = new ProcessBuilder(redocly.toString(), "lint", "--format=stylish", "api/openapi.json")
                .redirectErrorStream(true);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly lint within 120 s").isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("Your API description is valid")
                .doesNotContainPattern("(?m)^\\s*\\d+:\\d+\\s+(error|warning)\\s");
    }
}
