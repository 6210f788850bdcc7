package dev.ficus.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;

/**
 * The embedded broker's one TCP acceptor, {@value #NAME}: {@code host:port} from {@code ficus.artemis}, every
 * protocol of {@value #PROTOCOLS}, and TLS ({@code sslEnabled}, {@code keyStorePath}, {@code keyStorePassword},
 * {@code keyStoreType}) when a key store is configured, and no OpenWire advisories ({@code supportAdvisory=false}). Built from a parameter map rather than a URL, so a password
 * with {@code &} or {@code =} stays whole.
 */
final class BrokerAcceptor {

    /** Name of the multi-protocol acceptor, as it appears in Artemis logs and management. */
    static final String NAME = "ficus-multiprotocol";

    /** Protocols the acceptor speaks, in Artemis's spelling. */
    static final String PROTOCOLS = "CORE,AMQP,STOMP,MQTT,OPENWIRE";

    /** Where an open (user-less) broker listens, whatever {@code ficus.artemis.host} says. */
    static final String LOOPBACK = "127.0.0.1";

    private BrokerAcceptor() {
    }

    /**
     * Adds the acceptor to the broker's configuration.
     *
     * @throws StartupCheckException when the port is in use, or TLS is asked for without a readable key store or
     *                               without its password
     */
    static void add(Configuration configuration, ArtemisBrokerConfiguration.ArtemisProperties properties) {
        Ports.requireFree(properties.port(),
                "Artemis acceptor; set FICUS_ARTEMIS_PORT or stop the process that holds it");
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, properties.secured() ? properties.host() : LOOPBACK);
        params.put(TransportConstants.PORT_PROP_NAME, properties.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, PROTOCOLS);
        // OpenWire: publish no advisory messages (who connects, which destinations exist) to clients
        params.put("supportAdvisory", false);
        ArtemisBrokerConfiguration.Tls tls = properties.tls();
        if (tls.enabled()) {
            if (!Files.isReadable(Path.of(tls.keystorePath()))) {
                throw new StartupCheckException("Artemis TLS key store " + tls.keystorePath()
                        + " cannot be read: check FICUS_ARTEMIS_KEYSTORE_PATH");
            }
            if (tls.keystorePassword() == null || tls.keystorePassword().isEmpty()) {
                throw new StartupCheckException("Artemis TLS key store " + tls.keystorePath()
                        + " has no password: set FICUS_ARTEMIS_KEYSTORE_PASSWORD");
            }
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, tls.keystorePath());
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, tls.keystorePassword());
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME,
                    tls.keystoreType() == null || tls.keystoreType().isBlank() ? "PKCS12" : tls.keystoreType());
        }
        configuration.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(),
                params, NAME));
    }
}
