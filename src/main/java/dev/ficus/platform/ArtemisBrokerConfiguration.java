package dev.ficus.platform;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The embedded ActiveMQ Artemis broker, used unless {@code ARTEMIS_URL} points at an external one.
 *
 * <p>Spring Boot starts the broker ({@code spring.artemis.mode=embedded}) with a persistent journal under
 * {@code <ficus.data-dir>/artemis}; this class adds one TCP acceptor on {@code ficus.artemis.port}
 * (default 61616) that speaks CORE, AMQP 1.0, STOMP, MQTT and OpenWire, so tills and services of any
 * protocol reach the same addresses. Ficus itself talks to the broker in-VM.
 *
 * <p>Start-up fails with a {@link StartupCheckException} when the acceptor port is in use (Artemis itself
 * would only log the bind failure and run without the acceptor).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.embedded.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ArtemisBrokerConfiguration.ArtemisProperties.class)
public class ArtemisBrokerConfiguration {

    /**
     * Settings under {@code ficus.artemis} (defaults in {@code application.yml}; {@code url}, {@code user} and
     * {@code password} are applied by {@link ExternalBrokerEnvironment} before the context starts).
     *
     * @param url      external broker, e.g. {@code tcp://artemis:61616} (env {@code ARTEMIS_URL}); empty = embedded
     * @param user     user for the external broker (env {@code ARTEMIS_USER})
     * @param password password for the external broker (env {@code ARTEMIS_PASSWORD})
     * @param port     TCP port of the embedded broker's multi-protocol acceptor (env {@code FICUS_ARTEMIS_PORT})
     */
    @ConfigurationProperties("ficus.artemis")
    public record ArtemisProperties(String url, String user, String password, int port) {
    }

    /** Name of the multi-protocol acceptor, as it appears in Artemis logs and management. */
    public static final String ACCEPTOR_NAME = "ficus-multiprotocol";

    /** Protocols the acceptor speaks, in Artemis's spelling. */
    public static final String PROTOCOLS = "CORE,AMQP,STOMP,MQTT,OPENWIRE";

    @Bean
    ArtemisConfigurationCustomizer ficusAcceptor(ArtemisProperties properties, DataDirectory dataDirectory) {
        // dataDirectory: the broker's journal lies in it, so its lock must be ours before the broker starts
        return configuration -> addAcceptor(configuration, properties.port());
    }

    private static void addAcceptor(Configuration configuration, int port) {
        Ports.requireFree(port, "Artemis acceptor; set FICUS_ARTEMIS_PORT or stop the process that holds it");
        try {
            configuration.addAcceptorConfiguration(ACCEPTOR_NAME, "tcp://0.0.0.0:" + port
                    + "?" + TransportConstants.PROTOCOLS_PROP_NAME + "=" + PROTOCOLS);
        } catch (Exception e) {
            throw new StartupCheckException("Artemis acceptor on port " + port + " is misconfigured: "
                    + e.getMessage(), e);
        }
    }
}
