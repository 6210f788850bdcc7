package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.RequestIds;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Profile {@code json-logs} ({@code application-json-logs.yml}): with Spring Boot's logging set up from Ficus's
 * configuration files and its OpenTelemetry tracer, a line logged inside a span is one JSON object (Elastic Common
 * Schema) carrying the message, level, logger, the request id and the span's trace and span ids; without the
 * profile the same line is text with the trace and span ids in brackets ({@code logging.pattern.correlation}).
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsProfileTest {

    final ObjectMapper json = new ObjectMapper();

    @AfterAll
    static void backToTextLogs() {
        // Spring Boot keeps the format as a system property of the JVM: the next tests' logs are text again
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        run().close();
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithTheTraceIdsWhenTheProfileIsActive(CapturedOutput output) throws Exception {
        String[] ids;
        try {
            ids = logInASpan(run("json-logs"), "json line");
        } finally {
            System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        }

        List<String> lines = output.getOut().lines().filter(l -> l.contains("json line")).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = json.readTree(lines.get(0));
        assertThat(line.path("message").asText()).isEqualTo("json line");
        assertThat(line.at("/log/level").asText()).isEqualTo("INFO");
        assertThat(line.at("/log/logger").asText()).isEqualTo("dev.ficus.platform.JsonLogsProfileTest");
        assertThat(line.at("/service/name").asText()).isEqualTo("ficus");
        assertThat(line.at("/ecs/version").asText()).isNotEmpty();
        assertThat(line.path("traceId").asText()).isEqualTo(ids[0]);
        assertThat(line.path("spanId").asText()).isEqualTo(ids[1]);
        assertThat(line.path(RequestIds.MDC_KEY).asText()).isEqualTo("req-json-1");
    }

    @Test
    void shouldWriteTextWithTheTraceIdsWithoutTheProfile(CapturedOutput output) {
        String[] ids = logInASpan(run(), "text line");

        String line = output.getOut().lines().filter(l -> l.contains("text line")).findFirst().orElseThrow();
        assertThat(line).doesNotStartWith("{").contains(" [req-json-1] ")
                .contains("[" + ids[0] + "," + ids[1] + "] ");
    }

    /** Logs one INFO line with request id {@code req-json-1} inside a new span; @return its trace and span ids */
    private static String[] logInASpan(ConfigurableApplicationContext context, String message) {
        try (context) {
            Tracer tracer = context.getBean(Tracer.class);
            Span span = tracer.nextSpan().name("json-logs").start();
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                MDC.put(RequestIds.MDC_KEY, "req-json-1");
                LoggerFactory.getLogger(JsonLogsProfileTest.class).info(message);
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
                span.end();
            }
            return new String[] {span.context().traceId(), span.context().spanId()};
        }
    }

    /** @return a context with Ficus's configuration files, logging and tracer, and nothing else */
    private static ConfigurableApplicationContext run(String... profiles) {
        return new SpringApplicationBuilder(TracerOnly.class).web(WebApplicationType.NONE).profiles(profiles)
                .properties("spring.main.banner-mode=off").run();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ObservationAutoConfiguration.class, OpenTelemetryAutoConfiguration.class,
            OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class})
    static class TracerOnly {
    }
}
