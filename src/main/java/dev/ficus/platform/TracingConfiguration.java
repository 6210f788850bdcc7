package dev.ficus.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationProperties;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces across Camel (README, "Traces and logs"). Spring Boot traces the HTTP server side with Micrometer Tracing
 * over OpenTelemetry (W3C {@code traceparent} in and out; OTLP export only when
 * {@code management.otlp.tracing.endpoint} is set; sampling {@code management.tracing.sampling.probability}); this
 * puts Camel's exchanges on the same tracer: every route an exchange enters and every endpoint it sends to
 * ({@code direct:}, {@code http:}, {@code jms:}, {@code xslt-saxon:}, ...) is a span, child of the span current
 * when the exchange began (the HTTP request's, or the one a JMS message's {@code traceparent} property names),
 * and each step of a route runs with its route's span current ({@link CamelSpanScopes}): log lines carry its ids,
 * and what a step sends or calls is its child.
 * Sending to {@code jms:} and {@code http:} writes the span's {@code traceparent} (and {@code tracestate}) into
 * the outgoing message or request, so a trace continues through Artemis (pos.inbound, retail.pos.*, pos.posting)
 * and into RetailCore.
 *
 * <p>Camel's observations make spans only, no meters: Boot's meter handler (timers per observation name) is
 * replaced by one that skips them, so the Prometheus scrape keeps its names (Camel's own route timers come from
 * camel-micrometer). With {@code management.tracing.enabled=false} Camel is not traced at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingConfiguration.TracingProperties.class)
public class TracingConfiguration {

    /** Name Camel gives the observation of every endpoint it sends to. */
    static final String CAMEL_SEND_OBSERVATION = "camel.component";

    /** Key Camel puts into the context of every route (exchange begin) observation. */
    static final String CAMEL_ROUTE_CONTEXT_KEY = "camel.micrometer.abstract-internal";

    /**
     * Settings under {@code ficus.tracing} (defaults in {@code application.yml}).
     *
     * @param camelExcludePatterns endpoints neither traced as a route nor as a call, comma-separated Camel endpoint
     *                             patterns (exact URI, wildcard {@code direct:*} or regular expression), e.g.
     *                             {@code direct:facade-call-legacy-http}; empty = every route and endpoint
     */
    @ConfigurationProperties("ficus.tracing")
    public record TracingProperties(String camelExcludePatterns) {
    }

    /**
     * @param camel      the Camel context the tracer registers with (route policy and event notifier)
     * @param tracer     Spring Boot's tracer (OpenTelemetry bridge)
     * @param registry   Spring Boot's observation registry
     * @param properties {@code ficus.tracing}
     * @return Camel's tracer on them; Camel runs its lifecycle (a service of the context)
     */
    @Bean(initMethod = "", destroyMethod = "")
    @ConditionalOnEnabledTracing
    MicrometerObservationTracer camelTracer(CamelContext camel, Tracer tracer, ObservationRegistry registry,
                                            TracingProperties properties) {
        MicrometerObservationTracer camelTracer = new MicrometerObservationTracer();
        camelTracer.setTracer(tracer);
        camelTracer.setObservationRegistry(registry);
        camelTracer.setTracingStrategy(new CamelSpanScopes());
        String excluded = properties.camelExcludePatterns();
        if (excluded != null && !excluded.isBlank()) {
            camelTracer.setExcludePatterns(excluded);
        }
        camelTracer.init(camel);
        return camelTracer;
    }

    /**
     * Spring Boot's own meter handler (a timer, and a long task timer unless
     * {@code management.observations.long-task-timer.enabled=false}, per observation; exemplars from the current
     * span), except for Camel's observations. Boot backs off its handler when this bean exists.
     *
     * @param meters     the meter registry
     * @param tracer     the tracer
     * @param properties {@code management.observations}
     * @return the handler
     */
    @Bean
    TracingAwareMeterObservationHandler<Observation.Context> meterObservationHandlerWithoutCamel(
            MeterRegistry meters, Tracer tracer, ObservationProperties properties) {
        DefaultMeterObservationHandler meterHandler = properties.getLongTaskTimer().isEnabled()
                ? new DefaultMeterObservationHandler(meters)
                : new DefaultMeterObservationHandler(meters, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER);
        return new TracingAwareMeterObservationHandler<>(meterHandler, tracer) {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return !isCamel(context) && super.supportsContext(context);
            }
        };
    }

    /**
     * @param context an observation's context (its name is set)
     * @return whether Camel made it: an endpoint call ({@value #CAMEL_SEND_OBSERVATION}) or a route
     */
    static boolean isCamel(Observation.Context context) {
        return CAMEL_SEND_OBSERVATION.equals(context.getName()) || context.containsKey(CAMEL_ROUTE_CONTEXT_KEY);
    }
}
