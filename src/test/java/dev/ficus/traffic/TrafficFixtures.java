package dev.ficus.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import dev.ficus.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Traffic control wired for plain JUnit tests, with the settings of {@code application.yml} (the one place of
 *  their defaults; environment variables are not consulted, so {@code ${X:default}} gives the default). */
final class TrafficFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private TrafficFixtures() {
    }

    /** @return {@code traffic:} of {@code application.yml}, bound as the application binds it */
    static TrafficProperties properties() {
        return bind("traffic", TrafficProperties.class);
    }

    /** @return {@code traffic.rollout:} of {@code application.yml}, bound as the application binds it */
    static RolloutProperties rolloutProperties() {
        return bind("traffic.rollout", RolloutProperties.class);
    }

    private static <T> T bind(String prefix, Class<T> type) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
                    new ClassPathResource("application.yml"));
            return new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(sources))
                    .bind(prefix, type).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return planned rollouts as {@link TrafficConfiguration} wires them, on the states' database, sending to the
     *         webhook of {@code rollout} (none when its URL is empty)
     */
    static TrafficRollouts rollouts(TrafficControl control, TrafficStates states, TrafficStateStore store,
                                    RolloutProperties rollout, MeterRegistry meters) {
        return new TrafficRollouts(control, states, new RolloutStore(store, JSON),
                new RolloutNotifier(rollout, new CloudEventWriter(JSON), JSON, new TrafficMetrics(meters)));
    }

    /** @return a one-thread shadow executor with a queue of 10 */
    static ThreadPoolExecutor shadowExecutor() {
        return new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10));
    }

    /**
     * @param legacyAgain how a noise probe asks legacy again
     * @return traffic control as {@link TrafficConfiguration} wires it, with {@link #properties()}
     */
    static TrafficControl control(Map<String, TrafficRoute> routes, TrafficStates states, MeterRegistry meters,
                                  ShadowComparison.LegacyAgain legacyAgain) {
        return control(routes, states, meters, legacyAgain, properties());
    }

    /** @return traffic control as {@link TrafficConfiguration} wires it, with the given settings */
    static TrafficControl control(Map<String, TrafficRoute> routes, TrafficStates states, MeterRegistry meters,
                                  ShadowComparison.LegacyAgain legacyAgain, TrafficProperties properties) {
        TrafficSecrets secrets = new TrafficSecrets(properties.trustedToken());
        TrafficMetrics metrics = new TrafficMetrics(meters);
        ModernClient modern = new ModernClient(properties);
        ShadowComparison shadows = new ShadowComparison(modern::call, legacyAgain, JSON, metrics, shadowExecutor());
        return new TrafficControl(routes, states, modern, shadows, new RequestSnapshots(JSON), secrets,
                new ModernAnswers(new Problems(new ObjectMapper())), metrics,
                properties.maxDiffsPerRoute());
    }
}
