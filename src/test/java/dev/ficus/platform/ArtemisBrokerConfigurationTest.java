package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.junit.jupiter.api.Test;

/** What {@link ArtemisBrokerConfiguration} and {@link EmbeddedBrokerSecurity} give the embedded broker, per setting. */
class ArtemisBrokerConfigurationTest {

    static final ArtemisBrokerConfiguration.Tls NO_TLS = new ArtemisBrokerConfiguration.Tls(null, null, null);
    static final List<ArtemisBrokerConfiguration.BrokerUser> TILL =
            List.of(new ArtemisBrokerConfiguration.BrokerUser("till", "secret", List.of("pos-producer")));

    static ArtemisBrokerConfiguration.ArtemisProperties properties(String host,
            List<ArtemisBrokerConfiguration.BrokerUser> users, ArtemisBrokerConfiguration.Tls tls) {
        return new ArtemisBrokerConfiguration.ArtemisProperties("", "", "", host, FreePorts.next(), users, tls);
    }

    static Map<String, Object> acceptor(ConfigurationImpl configuration) {
        TransportConfiguration acceptor = configuration.getAcceptorConfigurations().iterator().next();
        assertThat(acceptor.getName()).isEqualTo(BrokerAcceptor.NAME);
        return acceptor.getParams();
    }

    @Test
    void shouldRefuseToStartAnOpenBrokerInProd() {
        assertThatThrownBy(() -> ArtemisBrokerConfiguration.configure(new ConfigurationImpl(),
                properties("0.0.0.0", List.of(), NO_TLS), true))
                .isInstanceOf(StartupCheckException.class)
                .hasMessageStartingWith("the embedded Artemis broker has no users in profile prod");
    }

    @Test
    void shouldKeepAnOpenDevelopmentBrokerOnLoopbackWhateverTheHostSetting() {
        ConfigurationImpl configuration = new ConfigurationImpl();

        ArtemisBrokerConfiguration.configure(configuration, properties("0.0.0.0", List.of(), NO_TLS), false);

        assertThat(configuration.isSecurityEnabled()).isFalse();
        assertThat(acceptor(configuration)).containsEntry("host", "127.0.0.1")
                .containsEntry("protocols", "CORE,AMQP,STOMP,MQTT,OPENWIRE").doesNotContainKey("sslEnabled");
    }

    @Test
    void shouldSecureTheBrokerAndBindTheConfiguredHostWhenUsersAreGiven() {
        ConfigurationImpl configuration = new ConfigurationImpl();

        ArtemisBrokerConfiguration.configure(configuration, properties("0.0.0.0", TILL, NO_TLS), true);

        assertThat(configuration.isSecurityEnabled()).isTrue();
        assertThat(acceptor(configuration)).containsEntry("host", "0.0.0.0");
        assertThat(configuration.getSecurityRoles().get("#")).extracting(Role::getName)
                .containsExactlyInAnyOrder("ficus", "admin");
    }

    @Test
    void shouldTurnTlsOnWithTheKeyStore() throws Exception {
        Path keystore = Files.createTempFile("broker", ".p12");
        ConfigurationImpl configuration = new ConfigurationImpl();

        ArtemisBrokerConfiguration.configure(configuration, properties("127.0.0.1", TILL,
                new ArtemisBrokerConfiguration.Tls(keystore.toString(), "p&ss=word", null)), false);

        assertThat(acceptor(configuration)).containsEntry("sslEnabled", true)
                .containsEntry("keyStorePath", keystore.toString()).containsEntry("keyStorePassword", "p&ss=word")
                .containsEntry("keyStoreType", "PKCS12");
    }

    @Test
    void shouldRefuseTlsWithoutAReadableKeyStoreOrPassword() throws Exception {
        Path keystore = Files.createTempFile("broker", ".p12");
        assertThatThrownBy(() -> ArtemisBrokerConfiguration.configure(new ConfigurationImpl(), properties("127.0.0.1",
                TILL, new ArtemisBrokerConfiguration.Tls("/nonexistent/broker.p12", "x", null)), false))
                .isInstanceOf(StartupCheckException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> ArtemisBrokerConfiguration.configure(new ConfigurationImpl(), properties("127.0.0.1",
                TILL, new ArtemisBrokerConfiguration.Tls(keystore.toString(), "", null)), false))
                .isInstanceOf(StartupCheckException.class).hasMessageContaining("has no password");
    }

    @Test
    void shouldLogInTheConfiguredUsersAndFicusButNobodyAnonymously() {
        var logins = new EmbeddedBrokerSecurity(properties("127.0.0.1", TILL, NO_TLS)).logins();

        assertThat(logins.getDefaultUser()).isNull();
        assertThat(logins.getRole("till")).containsExactly("pos-producer");
        assertThat(logins.getRole(EmbeddedBrokerSecurity.INTERNAL_USER)).containsExactly("ficus");
    }

    @Test
    void shouldRefuseAUserWithoutPassword() {
        var noPassword = List.of(new ArtemisBrokerConfiguration.BrokerUser("till", "", List.of("pos-producer")));

        assertThatThrownBy(() -> new EmbeddedBrokerSecurity(properties("127.0.0.1", noPassword, NO_TLS)).logins())
                .isInstanceOf(StartupCheckException.class).hasMessageContaining("FICUS_ARTEMIS_USERS_0_PASSWORD");
    }
}
