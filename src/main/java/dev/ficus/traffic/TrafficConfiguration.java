package dev.ficus.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import dev.ficus.platform.web.Problems;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires strangler traffic control: reads the per-route declarations from {@code traffic.routes-file}
 * ({@link TrafficRoutesFile}), keeps the route states ({@link TrafficStates} over {@link TrafficStateStore}),
 * registers the bean {@code trafficControl} the façade routes call, and runs the gates ({@link TrafficGates}) over
 * the windows and shadow mismatches all replicas share ({@link TrafficSharedStore}), and the planned rollouts
 * ({@link TrafficRollouts}). Settings: {@link TrafficProperties} ({@code traffic:} in {@code application.yml}) and
 * {@link RolloutProperties} ({@code traffic.rollout:}). A missing or invalid routes
 * file stops the start with a {@link dev.ficus.platform.StartupCheckException}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrafficProperties.class, RolloutProperties.class})
public class TrafficConfiguration {

    @Bean
    Map<String, TrafficRoute> trafficRoutes(TrafficProperties properties, Environment environment) {
        return TrafficRoutesFile.load(Path.of(properties.routesFile()), environment);
    }

    @Bean
    TrafficStateStore trafficStateStore(@Qualifier("ficusDataSource") DataSource ficusDataSource) {
        return new TrafficStateStore(ficusDataSource);
    }

    /** Comparison rules changed through the admin API ({@link TrafficCompareController}), polled with the states. */
    @Bean
    CompareStore trafficCompareStore(TrafficStateStore store, ObjectMapper objectMapper) {
        return new CompareStore(store, objectMapper);
    }

    @Bean
    TrafficStates trafficStates(TrafficStateStore store, CompareStore trafficCompareStore,
                                Map<String, TrafficRoute> trafficRoutes, TrafficProperties properties) {
        return new TrafficStates(store, trafficCompareStore, trafficRoutes, properties.pollIntervalMs());
    }

    @Bean(name = "trafficControl", destroyMethod = "close")
    TrafficControl trafficControl(Map<String, TrafficRoute> trafficRoutes, TrafficStates states,
                                  MeterRegistry meters, Problems problems, ObjectMapper objectMapper,
                                  Environment environment, TrafficProperties properties,
                                  ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        TrafficSecrets secrets = new TrafficSecrets(properties.trustedToken());
        TrafficMetrics metrics = new TrafficMetrics(meters);
        ModernClient modern = new ModernClient(properties, tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
        LegacyLoopback loopback = new LegacyLoopback(() -> environment.getProperty("local.server.port"), secrets);
        ShadowComparison shadows = new ShadowComparison(modern::call, loopback, objectMapper, metrics,
                shadowExecutor(properties));
        return new TrafficControl(trafficRoutes, states, modern, shadows, new RequestSnapshots(objectMapper),
                secrets, new ModernAnswers(problems), metrics, properties.maxDiffsPerRoute());
    }

    // Not a bean: an Executor bean would make Spring Boot skip the task executor Camel platform-http runs on.
    // Each shadow runs with the context captured when it was queued (context-propagation: the current observation,
    // hence the span and its trace and span ids in the logging MDC), so its modern call is in the request's trace.
    private static ExecutorService shadowExecutor(TrafficProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return ContextExecutorService.wrap(new ThreadPoolExecutor(properties.shadowThreads(), properties.shadowThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.shadowQueueCapacity()), r -> {
                    Thread t = new Thread(r, "traffic-shadow-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy()), ContextSnapshotFactory.builder().build());
    }

    /** Planned rollouts, their store and their webhook ({@link RolloutProperties}). */
    @Bean(destroyMethod = "close")
    TrafficRollouts trafficRollouts(TrafficControl control, TrafficStates states, TrafficStateStore store,
                                    ObjectMapper objectMapper, CloudEventWriter cloudEventWriter,
                                    MeterRegistry meters, RolloutProperties properties) {
        return new TrafficRollouts(control, states, new RolloutStore(store, objectMapper),
                new RolloutNotifier(properties, cloudEventWriter, objectMapper, new TrafficMetrics(meters)));
    }

    /** One replica id per process (a restart is a new replica; its old rows age out of the windows). */
    @Bean
    TrafficGates trafficGates(TrafficControl control, TrafficStates states, TrafficStateStore store,
                              TrafficRollouts rollouts, @Qualifier("ficusDataSource") DataSource ficusDataSource,
                              TrafficProperties properties) {
        return new TrafficGates(control, states, store, new TrafficSharedStore(ficusDataSource), rollouts,
                properties, UUID.randomUUID().toString());
    }

    /** Loads the states before the web server takes requests; starts and stops the background work. */
    @Bean
    SmartLifecycle trafficLifecycle(TrafficStates states, TrafficGates gates) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                states.start();
                gates.start();
                running = true;
            }

            @Override
            public void stop() {
                gates.stop();
                states.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return 0;
            }
        };
    }
}
