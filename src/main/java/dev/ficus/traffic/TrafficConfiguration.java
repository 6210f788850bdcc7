package dev.ficus.traffic;

import dev.ficus.platform.StartupCheckException;
import dev.ficus.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Wires strangler traffic control: reads the per-route declarations from {@code traffic.routes-file} (YAML,
 * key {@code traffic.routes.<route id>}, {@code ${...}} placeholders resolved against the application's
 * environment), and registers the bean {@code trafficControl} the façade routes call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrafficProperties.class)
public class TrafficConfiguration {

    @Bean
    Map<String, TrafficRoute> trafficRoutes(TrafficProperties properties, Environment environment) {
        return loadRoutes(Path.of(properties.routesFile()), environment);
    }

    @Bean
    TrafficStateStore trafficStateStore(@Qualifier("ficusDataSource") DataSource ficusDataSource) {
        return new TrafficStateStore(ficusDataSource);
    }

    @Bean
    TrafficStates trafficStates(TrafficStateStore store, Map<String, TrafficRoute> trafficRoutes,
                                TrafficProperties properties) {
        return new TrafficStates(store, trafficRoutes, properties.pollIntervalMs());
    }

    // Not a bean: an Executor bean would make Spring Boot skip the task executor Camel platform-http runs on.
    private static ThreadPoolExecutor shadowExecutor(TrafficProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(properties.shadowThreads(), properties.shadowThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.shadowQueueCapacity()), r -> {
                    Thread t = new Thread(r, "traffic-shadow-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    @Bean(name = "trafficControl", destroyMethod = "close")
    TrafficControl trafficControl(Map<String, TrafficRoute> trafficRoutes, TrafficStates states,
                                  MeterRegistry meters, Problems problems, Environment environment,
                                  TrafficProperties properties) {
        AtomicReference<TrafficControl> self = new AtomicReference<>();
        TrafficControl control = new TrafficControl(trafficRoutes, states, new ModernClient(properties),
                shadowExecutor(properties), meters, problems, loopback(environment, self), properties);
        self.set(control);
        return control;
    }

    /**
     * Noise probes ask legacy again through Ficus's own HTTP port (the façade routes are inlined into their REST
     * routes, so there is no endpoint to call in-process), with {@code X-Ficus-Noise-Probe} so the route takes
     * the legacy path, uncached and unshadowed.
     */
    private static TrafficControl.LegacyAgain loopback(Environment environment, AtomicReference<TrafficControl> self) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        return (rt, request) -> {
            String port = environment.getProperty("local.server.port");
            if (port == null) {
                return null;
            }
            URI uri = URI.create("http://127.0.0.1:" + port + request.path()
                    + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query()));
            HttpRequest.Builder probe = HttpRequest.newBuilder(uri).GET()
                    .timeout(Duration.ofMillis(rt.route.modernResponseTimeoutMs() * 5))
                    .header(TrafficControl.NOISE_PROBE, self.get().probeSecret());
            request.forwardHeaders().forEach((name, value) -> {
                if (!name.equalsIgnoreCase("traceparent") && !name.equalsIgnoreCase("tracestate")) {
                    probe.header(name, value);
                }
            });
            HttpResponse<String> answer = http.send(probe.build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() / 100 == 2 ? answer.body() : null;
        };
    }

    @Bean
    TrafficGates trafficGates(TrafficControl control, TrafficStates states, TrafficStateStore store,
                              TrafficProperties properties) {
        return new TrafficGates(control, states, store, properties);
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

    /**
     * @param file        the traffic routes file
     * @param environment resolves {@code ${...}} in it
     * @return declared routes by id, in file order
     * @throws StartupCheckException when the file is missing, unreadable or declares an invalid route
     */
    static Map<String, TrafficRoute> loadRoutes(Path file, Environment environment) {
        if (!Files.isRegularFile(file)) {
            throw new StartupCheckException("traffic routes file " + file.toAbsolutePath() + " does not exist "
                    + "(set TRAFFIC_ROUTES_FILE or traffic.routes-file)");
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("traffic-routes",
                    new FileSystemResource(file));
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(environment));
            Map<String, TrafficRoute> routes = new LinkedHashMap<>(binder.bind("traffic.routes",
                    Bindable.mapOf(String.class, TrafficRoute.class)).orElse(Map.of()));
            routes.forEach((id, route) -> {
                if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                    throw new StartupCheckException("traffic routes file " + file + ": route id '" + id
                            + "' is not kebab-case");
                }
                if (route.initialState() == MigrationState.CANARY) {
                    throw new StartupCheckException("traffic routes file " + file + ": route " + id
                            + " cannot start in CANARY (no percent); start in LEGACY or SHADOW");
                }
                if (route.initialState() != MigrationState.LEGACY
                        && (route.modernBaseUrl() == null || route.modernBaseUrl().isBlank())) {
                    throw new StartupCheckException("traffic routes file " + file + ": route " + id
                            + " needs modern-base-url");
                }
            });
            return routes;
        } catch (IOException | RuntimeException e) {
            if (e instanceof StartupCheckException s) {
                throw s;
            }
            throw new StartupCheckException("traffic routes file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
