package dev.ficus.pos;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import dev.ficus.platform.BrokerSecurity;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.PageFullMessagePolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The addresses, queues, diverts and address settings POS ingest and posting rely on ({@link PosProperties}), added
 * to the embedded Artemis broker (beside the multi-protocol acceptor of
 * {@code dev.ficus.platform.ArtemisBrokerConfiguration}). An external broker ({@code ARTEMIS_URL}) gets the same,
 * with the default names and numbers of {@code application.yml}, from {@code deploy/artemis/broker.properties}
 * (Artemis broker properties; {@code BrokerPropertiesFileTest} keeps the two equal, so a change here is a change
 * there).
 *
 * <ul>
 *   <li>Address {@code pos.queue} ({@code pos.inbound}), <b>anycast only</b>, with the anycast queue of the same
 *       name, deployed at start-up. Because it exists before any client, every protocol reaches the queue: an MQTT
 *       publish to topic {@code pos/inbound} is sent to address {@code pos.inbound} (MQTT's {@code /} is Artemis's
 *       {@code .}) with the routing type of the existing address, anycast; auto-created by an MQTT publisher it
 *       would be multicast and the message would reach no queue.</li>
 *   <li>Address settings of {@code pos.inbound}: {@code max-delivery-attempts} = {@code pos.queue-max-delivery-attempts},
 *       redelivery delay {@code pos.queue-redelivery-delay-ms} doubling up to
 *       {@code pos.queue-max-redelivery-delay-ms}, then the broker moves the document to the dead-letter address
 *       {@code pos.dead-letter-queue} ({@code pos.inbound.DLQ}, anycast queue deployed here).</li>
 *   <li>Address settings of {@code retail.pos.#} (the event addresses): duplicate detection remembers the last
 *       {@code pos.duplicate-id-cache-size} duplicate ids per address ({@code id-cache-size}), and the id cache is
 *       persisted in the journal ({@code persist-id-cache=true}), so a re-send after a crash and restart is
 *       dropped.</li>
 *   <li>Posting to legacy: the multicast addresses {@code retail.pos.sale-completed} and
 *       {@code retail.pos.return-completed}, each with a non-exclusive divert that copies every event, durably, into
 *       the anycast queue {@code pos.posting.queue} ({@code pos.posting}); its dead-letter queue
 *       {@code pos.posting.dead-letter-queue} ({@code pos.posting.DLQ}) is also the broker's dead-letter address of
 *       {@code pos.posting} after {@code pos.posting.max-delivery-attempts} broker deliveries.</li>
 *   <li>Bounded: {@code pos.inbound} holds at most {@code pos.broker.queue-max-bytes} and
 *       {@code pos.broker.queue-max-messages}, then refuses sends
 *       ({@code FAIL}) or makes producers wait ({@code BLOCK}), {@code pos.broker.queue-full-policy}; each
 *       dead-letter queue keeps {@code pos.broker.dead-letter-max-bytes} in memory, pages the rest to disk up to
 *       {@code pos.broker.dead-letter-page-limit-bytes}, then refuses new dead letters.</li>
 *   <li>Durable: every message routed to {@code pos.inbound} is made durable ({@link DurableInbound}).</li>
 *   <li>Security ({@link BrokerSecurity}): role {@code pos-producer} may only send to {@code pos.inbound}; role
 *       {@code pos-consumer} may subscribe to {@code retail.pos.#}; the dead-letter queues and {@code pos.posting}
 *       are Ficus's and the admins' alone.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.embedded.enabled", havingValue = "true", matchIfMissing = true)
public class PosBrokerConfiguration {

    /** Artemis match of the POS event addresses. */
    static final String EVENT_ADDRESSES = "retail.pos.#";

    /** Event types posted to legacy, each copied into the posting queue by a divert named {@code pos-posting-<type>}. */
    static final String[] POSTED_TYPES = {PosEventMapper.SALE, PosEventMapper.RETURN};

    /**
     * @param pos the {@code pos:} settings
     * @return the customizer adding the addresses, queues, diverts and address settings listed above
     */
    @Bean
    ArtemisConfigurationCustomizer posBrokerAddresses(PosProperties pos) {
        return configuration -> {
            inbound(configuration, pos);
            configuration.setPersistIDCache(true);
            configuration.addAddressSetting(EVENT_ADDRESSES, new AddressSettings()
                    .setIDCacheSize(pos.duplicateIdCacheSize()));
            posting(configuration, pos.posting(), pos.broker());
            security(configuration, pos);
            configuration.registerBrokerPlugin(new DurableInbound(pos.queue()));
        };
    }

    private static void inbound(org.apache.activemq.artemis.core.config.Configuration configuration,
                                PosProperties pos) {
        anycastQueue(configuration, pos.queue());
        anycastQueue(configuration, pos.deadLetterQueue());
        configuration.addAddressSetting(pos.queue(), new AddressSettings()
                .setMaxSizeBytes(pos.broker().queueMaxBytes())
                .setMaxSizeMessages(pos.broker().queueMaxMessages())
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.valueOf(pos.broker().queueFullPolicy().name()))
                .setMaxDeliveryAttempts(pos.queueMaxDeliveryAttempts())
                .setRedeliveryDelay(pos.queueRedeliveryDelayMs())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(pos.queueMaxRedeliveryDelayMs())
                .setDeadLetterAddress(SimpleString.of(pos.deadLetterQueue()))
                .setAutoCreateDeadLetterResources(false));
        configuration.addAddressSetting(pos.deadLetterQueue(), deadLetterBudget(pos.broker()));
    }

    /** Paged beyond {@code deadLetterMaxBytes} in memory, refused beyond {@code deadLetterPageLimitBytes} on disk. */
    private static AddressSettings deadLetterBudget(PosProperties.Broker broker) {
        return new AddressSettings()
                .setMaxSizeBytes(broker.deadLetterMaxBytes())
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setPageLimitBytes(broker.deadLetterPageLimitBytes())
                .setPageFullMessagePolicy(PageFullMessagePolicy.FAIL);
    }

    private static void security(org.apache.activemq.artemis.core.config.Configuration configuration,
                                 PosProperties pos) {
        BrokerSecurity.protect(configuration, pos.queue(), BrokerSecurity.sender(BrokerSecurity.POS_PRODUCER));
        BrokerSecurity.protect(configuration, EVENT_ADDRESSES, BrokerSecurity.subscriber(BrokerSecurity.POS_CONSUMER));
        for (String ficusOnly : new String[] {pos.deadLetterQueue(), pos.posting().queue(),
                pos.posting().deadLetterQueue()}) {
            BrokerSecurity.protect(configuration, ficusOnly);
        }
    }

    private static void posting(org.apache.activemq.artemis.core.config.Configuration configuration,
                                PosProperties.Posting posting, PosProperties.Broker broker) {
        anycastQueue(configuration, posting.queue());
        anycastQueue(configuration, posting.deadLetterQueue());
        configuration.addAddressSetting(posting.queue(), new AddressSettings()
                .setMaxDeliveryAttempts(posting.maxDeliveryAttempts())
                .setDeadLetterAddress(SimpleString.of(posting.deadLetterQueue()))
                .setAutoCreateDeadLetterResources(false));
        configuration.addAddressSetting(posting.deadLetterQueue(), deadLetterBudget(broker));
        for (String type : POSTED_TYPES) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(type)
                    .addRoutingType(RoutingType.MULTICAST));
            configuration.addDivertConfiguration(new DivertConfiguration()
                    .setName("pos-posting-" + type.substring(type.lastIndexOf('.') + 1))
                    .setAddress(type)
                    .setForwardingAddress(posting.queue())
                    .setExclusive(false)
                    .setRoutingType(ComponentConfigurationRoutingType.ANYCAST));
        }
    }

    private static void anycastQueue(org.apache.activemq.artemis.core.config.Configuration configuration,
                                     String name) {
        configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true)));
    }
}
