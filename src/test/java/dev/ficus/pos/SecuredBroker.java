package dev.ficus.pos;

import dev.ficus.cdc.CdcBrokerSecurity;
import dev.ficus.cdc.CdcProperties;
import dev.ficus.platform.ArtemisBrokerConfiguration;
import dev.ficus.platform.EmbeddedBrokerSecurity;
import java.nio.file.Path;
import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * A real Artemis broker configured exactly as Ficus configures its embedded one (acceptor, security, users, POS
 * addresses and budgets, change-event security), without the rest of Ficus: the same calls the Spring customizers
 * make ({@link ArtemisBrokerConfiguration#configure}, {@link PosBrokerConfiguration}, {@link CdcBrokerSecurity}) and
 * the same security manager ({@link EmbeddedBrokerSecurity}), with a persistent journal in a directory of the test.
 */
final class SecuredBroker implements AutoCloseable {

    static final String TILL = "till-0610";
    static final String TILL_PASSWORD = "till-secret";
    static final String EVENTS_READER = "events-reader";
    static final String CHANGES_READER = "changes-reader";
    static final String READER_PASSWORD = "reader-secret";

    private final EmbeddedActiveMQ server;

    private SecuredBroker(EmbeddedActiveMQ server) {
        this.server = server;
    }

    /** The users of these tests: a till, a POS event reader and a change-event reader. */
    static List<ArtemisBrokerConfiguration.BrokerUser> users() {
        return List.of(new ArtemisBrokerConfiguration.BrokerUser(TILL, TILL_PASSWORD, List.of("pos-producer")),
                new ArtemisBrokerConfiguration.BrokerUser(EVENTS_READER, READER_PASSWORD, List.of("pos-consumer")),
                new ArtemisBrokerConfiguration.BrokerUser(CHANGES_READER, READER_PASSWORD,
                        List.of("change-consumer")));
    }

    /** Settings of {@code ficus.artemis} for a broker on loopback with {@link #users()}. */
    static ArtemisBrokerConfiguration.ArtemisProperties properties(int port, ArtemisBrokerConfiguration.Tls tls) {
        return new ArtemisBrokerConfiguration.ArtemisProperties("", "", "", "127.0.0.1", port, users(), tls);
    }

    static SecuredBroker start(Path dataDir, ArtemisBrokerConfiguration.ArtemisProperties artemis, PosProperties pos)
            throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setJournalDirectory(dataDir.resolve("journal").toString());
        configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
        configuration.setLargeMessagesDirectory(dataDir.resolve("large").toString());
        configuration.setPagingDirectory(dataDir.resolve("paging").toString());
        ArtemisBrokerConfiguration.configure(configuration, artemis, false);
        new PosBrokerConfiguration().posBrokerAddresses(pos).customize(configuration);
        new CdcBrokerSecurity().changeEventSecurity(BrokerPropertiesFileTest.bind("cdc", CdcProperties.class))
                .customize(configuration);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(),
                new EmbeddedBrokerSecurity(artemis).logins()));
        server.start();
        return new SecuredBroker(server);
    }

    /** @return messages in the queue (delivered or not) */
    long messageCount(String queue) {
        return server.getActiveMQServer().locateQueue(SimpleString.of(queue)).getMessageCount();
    }

    /** @return durable messages in the queue */
    long durableMessageCount(String queue) {
        return server.getActiveMQServer().locateQueue(SimpleString.of(queue)).getDurableMessageCount();
    }

    /** @return the POS settings of application.yml with another broker budget */
    static PosProperties withBudget(PosProperties pos, PosProperties.Broker broker) {
        return new PosProperties(pos.queue(), pos.queueConsumers(), pos.deadLetterQueue(),
                pos.queueMaxDeliveryAttempts(), pos.queueRedeliveryDelayMs(), pos.queueMaxRedeliveryDelayMs(),
                pos.duplicateIdCacheSize(), pos.maxDocumentBytes(), pos.defaultCurrency(), pos.defaultTimeZone(),
                pos.laterVersionWins(), pos.dialectsDirectory(), pos.stores(), pos.drop(), pos.posting(), broker);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
