package dev.ficus.platform;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches from the embedded Artemis broker to an external one when {@code ficus.artemis.url}
 * (env {@code ARTEMIS_URL}, e.g. {@code tcp://artemis:61616}) is set, so one variable is enough.
 *
 * <p>It then sets {@code spring.artemis.mode=native}, {@code spring.artemis.embedded.enabled=false},
 * {@code spring.artemis.broker-url} and, when given, {@code spring.artemis.user} / {@code password} from
 * {@code ficus.artemis.user} / {@code password}. Explicit {@code spring.artemis.*} settings are overridden.
 */
public class ExternalBrokerEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("ficus.artemis.url", "");
        if (url.isBlank()) {
            return;
        }
        Map<String, Object> external = new HashMap<>();
        external.put("spring.artemis.mode", "native");
        external.put("spring.artemis.embedded.enabled", "false");
        external.put("spring.artemis.broker-url", url);
        String user = environment.getProperty("ficus.artemis.user", "");
        if (!user.isBlank()) {
            external.put("spring.artemis.user", user);
            external.put("spring.artemis.password", environment.getProperty("ficus.artemis.password", ""));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("ficus-external-broker", external));
    }
}
