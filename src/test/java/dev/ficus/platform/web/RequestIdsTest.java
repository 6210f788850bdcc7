package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The request id and the trace context routes see, with Spring Boot's OpenTelemetry tracer and without one. */
class RequestIdsTest {

    static final String CLIENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    final ApplicationContextRunner tracing = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            ObservationAutoConfiguration.class, OpenTelemetryAutoConfiguration.class,
            OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
            .withPropertyValues("management.tracing.sampling.probability=1.0");

    @Test
    void shouldHandRoutesTheTraceContextOfTheCurrentServerSpan() {
        tracing.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            RequestIds filter = new RequestIds(context.getBeanProvider(Tracer.class),
                    context.getBeanProvider(Propagator.class));
            Span server = tracer.nextSpan().name("http get").start();

            HttpServletRequest seen;
            try (Tracer.SpanInScope scope = tracer.withSpan(server)) {
                seen = filter(filter, CLIENT);
            } finally {
                server.end();
            }

            assertThat(seen.getHeader("traceparent")).isEqualTo("00-" + server.context().traceId() + "-"
                    + server.context().spanId() + "-01");
            assertThat(seen.getHeader("X-Request-Id")).isNotBlank();
        });
    }

    @Test
    void shouldKeepAValidClientTraceparentWhenTracingIsOff() throws Exception {
        assertThat(filter(untraced(), CLIENT).getHeader("traceparent")).isEqualTo(CLIENT);
    }

    @Test
    void shouldStartANewTraceWhenTracingIsOffAndTheClientSentNoneOrAnInvalidOne() throws Exception {
        for (String given : new String[] {null, "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
            String made = filter(untraced(), given).getHeader("traceparent");

            assertThat(made).as(given).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(given);
            assertThat(RequestIds.isValidTraceparent(made)).isTrue();
        }
    }

    @Test
    void shouldKeepASafeClientRequestIdAndReplaceAnUnsafeOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/products/1");
        request.addHeader("X-Request-Id", "till-7:req-42");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        untraced().doFilter(request, response, chain);

        assertThat(((HttpServletRequest) chain.getRequest()).getHeader("X-Request-Id")).isEqualTo("till-7:req-42");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("till-7:req-42");
        assertThat(RequestIds.isSafeRequestId("<script>")).isFalse();
    }

    private static RequestIds untraced() {
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();
        return new RequestIds(none.getBeanProvider(Tracer.class), none.getBeanProvider(Propagator.class));
    }

    /** @return the request as the next filter (and the routes) see it */
    private static HttpServletRequest filter(RequestIds filter, String traceparent) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/products/1");
        if (traceparent != null) {
            request.addHeader("traceparent", traceparent);
        }
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
