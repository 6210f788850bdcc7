package dev.ficus.platform;

import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The embedded ActiveMQ Artemis broker, used unless {@code ARTEMIS_URL} points at an external one.
 *
 * <p>Spring Boot starts the broker ({@code spring.artemis.mode=embedded}) with a persistent journal under
 * {@code <ficus.data-dir>/artemis}; this class adds one TCP acceptor on {@code ficus.artemis.host}:{@code port}
 * (default 127.0.0.1:61616) that speaks CORE, AMQP 1.0, STOMP, MQTT and OpenWire, so tills and services of any
 * protocol reach the same addresses, over TLS when {@code ficus.artemis.tls.keystore-path} is set
 * ({@link BrokerAcceptor}). Ficus itself talks to the broker in-VM.
 *
 * <p>Security: with broker users configured ({@code ficus.artemis.users}), security is on: every connection on
 * every protocol must log in (anonymous and wrong passwords are refused), Ficus's in-VM connection logs in with an
 * internal identity of its own, and each address is open only to the roles of {@link BrokerSecurity}
 * ({@link EmbeddedBrokerSecurity}). Without users (development) the broker is open, bound to 127.0.0.1 whatever
 * {@code ficus.artemis.host} says, and a WARN says so at start-up; the {@code prod} profile refuses to start so.
 *
 * <p>Start-up fails with a {@link StartupCheckException} when the acceptor port is in use (Artemis itself
 * would only log the bind failure and run without the acceptor), when {@code prod} runs without broker users, or
 * when a user or the TLS settings are incomplete.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.embedded.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ArtemisBrokerConfiguration.ArtemisProperties.class)
public class ArtemisBrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ArtemisBrokerConfiguration.class);

    /**
     * Settings under {@code ficus.artemis} (defaults in {@code application.yml}; {@code url}, {@code user} and
     * {@code password} are applied by {@link ExternalBrokerEnvironment} before the context starts).
     *
     * @param url      external broker, e.g. {@code tcp://artemis:61616} (env {@code ARTEMIS_URL}); empty = embedded
     * @param user     user for the external broker (env {@code ARTEMIS_USER})
     * @param password password for the external broker (env {@code ARTEMIS_PASSWORD})
     * @param host     address the embedded broker's acceptor binds to (env {@code FICUS_ARTEMIS_HOST}), e.g.
     *                 {@code 0.0.0.0} for every interface; ignored (127.0.0.1) while no user is configured
     * @param port     TCP port of the embedded broker's multi-protocol acceptor (env {@code FICUS_ARTEMIS_PORT})
     * @param users    who may connect to the embedded broker, with their roles ({@link BrokerSecurity}); none =
     *                 open broker on loopback (development only)
     * @param tls      TLS of the acceptor
     */
    @ConfigurationProperties("ficus.artemis")
    public record ArtemisProperties(String url, String user, String password, String host, int port,
                                    List<BrokerUser> users, Tls tls) {

        public ArtemisProperties {
            users = users == null ? List.of() : List.copyOf(users);
            tls = tls == null ? new Tls(null, null, null) : tls;
            host = host == null || host.isBlank() ? BrokerAcceptor.LOOPBACK : host;
        }

        /** @return whether broker users are configured, hence security on */
        public boolean secured() {
            return !users.isEmpty();
        }
    }

    /**
     * One user of the embedded broker, e.g. {@code ficus.artemis.users[0].name=till-0610} (env
     * {@code FICUS_ARTEMIS_USERS_0_NAME}, {@code ..._PASSWORD}, {@code ..._ROLES}).
     *
     * @param name     login name
     * @param password its password: from the environment or a secret, never in a file under version control
     * @param roles    role names, e.g. {@code pos-producer} ({@link BrokerSecurity})
     */
    public record BrokerUser(String name, String password, List<String> roles) {

        public BrokerUser {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * TLS of the acceptor: on when {@code keystorePath} is set; then every client must use TLS.
     *
     * @param keystorePath     key store with the broker's key and certificate (env
     *                         {@code FICUS_ARTEMIS_KEYSTORE_PATH}); empty = plain TCP
     * @param keystorePassword its password (env {@code FICUS_ARTEMIS_KEYSTORE_PASSWORD})
     * @param keystoreType     {@code PKCS12} (default) or {@code JKS}
     */
    public record Tls(String keystorePath, String keystorePassword, String keystoreType) {

        /** @return whether TLS is configured */
        public boolean enabled() {
            return keystorePath != null && !keystorePath.isBlank();
        }
    }

    @Bean
    ArtemisConfigurationCustomizer ficusAcceptor(ArtemisProperties properties, DataDirectory dataDirectory,
                                                 Environment environment) {
        // dataDirectory: the broker's journal lies in it, so its lock must be ours before the broker starts
        return configuration -> configure(configuration, properties, environment.acceptsProfiles(Profiles.of("prod")));
    }

    /**
     * The security manager of the embedded broker and the credentials of Ficus's in-VM connection factory (a bean
     * post-processor, so static and bound from the environment directly).
     */
    @Bean
    static EmbeddedBrokerSecurity embeddedBrokerSecurity(Environment environment) {
        return new EmbeddedBrokerSecurity(Binder.get(environment).bindOrCreate("ficus.artemis",
                ArtemisProperties.class));
    }

    /**
     * What the embedded broker gets from this class: security on or off, the default security setting
     * ({@link BrokerSecurity#DEFAULT_MATCH}) and the acceptor.
     *
     * @param configuration the broker's configuration
     * @param properties    the {@code ficus.artemis} settings
     * @param prod          whether profile {@code prod} is active
     * @throws StartupCheckException see the class comment
     */
    public static void configure(Configuration configuration, ArtemisProperties properties, boolean prod) {
        if (!properties.secured()) {
            if (prod) {
                throw new StartupCheckException("the embedded Artemis broker has no users in profile prod: set "
                        + "ficus.artemis.users (FICUS_ARTEMIS_USERS_0_NAME, _PASSWORD, _ROLES) or use an external "
                        + "broker (ARTEMIS_URL)");
            }
            log.warn("""
                    !!! The embedded Artemis broker is OPEN: no broker users are configured (ficus.artemis.users), so \
                    any local client may send to and read from every address without logging in. It listens on \
                    127.0.0.1:{} only{}. Configure users before exposing it; profile prod refuses to start so.""",
                    properties.port(), BrokerAcceptor.LOOPBACK.equals(properties.host()) ? ""
                            : " (ficus.artemis.host " + properties.host() + " ignored until users are configured)");
        }
        configuration.setSecurityEnabled(properties.secured());
        BrokerSecurity.protectDefaults(configuration);
        BrokerAcceptor.add(configuration, properties);
    }
}
