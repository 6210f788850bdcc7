package dev.ficus;

import dev.ficus.platform.StartupFailure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.integration.IntegrationAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ficus: a legacy-integration middleware and strangler-fig façade for retail.
 *
 * <p>The product: façade and pass-through proxy, traffic control, change data capture and POS ingest over the
 * platform they share. It needs a legacy database ({@code LEGACY_DB_URL}) and RetailCore's base URL
 * ({@code LEGACY_BASE_URL}); embedded Artemis is the default broker unless {@code ARTEMIS_URL} is set. The main job
 * ({@code ./mvnw spring-boot:test-run}) starts it inside the playground ({@code dev.ficus.playground.Playground}, test
 * scope). A start-up problem ends the process with exit code 1 and one line on stderr starting with
 * {@code ficus: cannot start:}.
 */
// The OpenWire protocol module brings ActiveMQ Classic's client; Ficus talks to Artemis, never to Classic.
// Spring Integration is on the class path only for its JDBC lock registry (change data capture's leader election):
// none of its messaging infrastructure is wanted.
@SpringBootApplication(exclude = {ActiveMQAutoConfiguration.class, IntegrationAutoConfiguration.class})
@ConfigurationPropertiesScan
public class FicusApplication {

    /**
     * Starts Ficus.
     *
     * @param args Spring Boot command-line arguments ({@code --key=value} overrides configuration)
     */
    public static void main(String[] args) {
        try {
            SpringApplication.run(FicusApplication.class, args);
        } catch (Throwable t) {
            System.err.println("ficus: cannot start: " + StartupFailure.describe(t));
            System.exit(1);
        }
    }
}
