package dev.ficus.platform;

import java.security.SecureRandom;
import java.util.Base64;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Who may log in to the embedded broker, and as whom Ficus itself connects: Artemis's own JAAS security manager
 * ({@link ActiveMQJAASSecurityManager}) with its in-memory login module ({@link InVMLoginModule}), holding the
 * configured {@code ficus.artemis.users} and Ficus's internal user {@value #INTERNAL_USER} (role
 * {@link BrokerSecurity#FICUS}) with a random password made at each start, known only to this process.
 *
 * <p>No default user is set, so a connection without credentials is refused on every protocol (and AMQP offers no
 * {@code ANONYMOUS} mechanism). Ficus's in-VM connection factory (Spring Boot creates it without credentials) gets
 * the internal user's. Without configured users nothing is changed: the broker is open (see
 * {@link ArtemisBrokerConfiguration}).
 */
public final class EmbeddedBrokerSecurity implements BeanPostProcessor {

    /** Ficus's own login on its embedded broker. */
    public static final String INTERNAL_USER = "ficus-internal";

    private final ArtemisBrokerConfiguration.ArtemisProperties properties;
    private final String internalPassword;

    /** @param properties the {@code ficus.artemis} settings, with the users */
    public EmbeddedBrokerSecurity(ArtemisBrokerConfiguration.ArtemisProperties properties) {
        this.properties = properties;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.internalPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (properties.secured() && bean instanceof EmbeddedActiveMQ broker) {
            broker.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins()));
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!properties.secured()) {
            return bean;
        }
        Object target = bean instanceof CachingConnectionFactory caching ? caching.getTargetConnectionFactory() : bean;
        if (target instanceof ActiveMQConnectionFactory artemis && artemis.getUser() == null) {
            artemis.setUser(INTERNAL_USER);
            artemis.setPassword(internalPassword);
        }
        return bean;
    }

    /**
     * @return the users and their roles
     * @throws StartupCheckException when a configured user has no name, no password or no role
     */
    public SecurityConfiguration logins() {
        SecurityConfiguration logins = new SecurityConfiguration();
        logins.addUser(INTERNAL_USER, internalPassword);
        logins.addRole(INTERNAL_USER, BrokerSecurity.FICUS);
        int index = 0;
        for (ArtemisBrokerConfiguration.BrokerUser user : properties.users()) {
            String key = "ficus.artemis.users[" + index++ + "]";
            if (user.name() == null || user.name().isBlank() || INTERNAL_USER.equals(user.name())) {
                throw new StartupCheckException(key + ".name is empty or reserved (" + INTERNAL_USER + ")");
            }
            if (user.password() == null || user.password().isEmpty()) {
                throw new StartupCheckException(key + " (" + user.name() + ") has no password: set "
                        + "FICUS_ARTEMIS_USERS_" + (index - 1) + "_PASSWORD");
            }
            if (user.roles().isEmpty()) {
                throw new StartupCheckException(key + " (" + user.name() + ") has no roles");
            }
            logins.addUser(user.name(), user.password());
            user.roles().forEach(role -> logins.addRole(user.name(), role.trim()));
        }
        return logins;
    }
}
