package dev.ficus;

import dev.ficus.platform.StartupFailure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jms.activemq.ActiveMQAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ficus: a legacy-integration middleware and strangler-fig façade for retail.
 *
 * <p>{@code ./mvnw spring-boot:run} starts the main job: embedded PostgreSQL seeded with Northwind (unless
 * {@code LEGACY_DB_URL} is set), embedded Artemis (unless {@code ARTEMIS_URL} is set), the RetailCore mimic on
 * 8090 and the façade on 8080. A start-up problem ends the process with exit code 1 and one line on stderr
 * starting with {@code ficus: cannot start:}.
 */
// The OpenWire protocol module brings ActiveMQ Classic's client; Ficus talks to Artemis, never to Classic.
@SpringBootApplication(exclude = ActiveMQAutoConfiguration.class)
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
