package dev.ficus.cdc;

import dev.ficus.platform.BrokerSecurity;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may use the change-event addresses of the embedded broker ({@link BrokerSecurity}): Ficus and admins
 * everything, role {@code change-consumer} subscribe (consume, browse, create and delete its subscription queues),
 * nobody else anything, so only Ficus ever sends a change event.
 *
 * <p>The addresses are the event types of the captured tables: {@code <cdc.type-prefix>.<entity>.#} per table (its
 * default types {@code <prefix>.<entity>.<operation>}) and each type of {@code cdc.tables[].events} outside that.
 * Never {@code <prefix>.#}: a subscription to the wildcard address {@code retail.#} would also receive the POS events
 * {@code retail.pos.*}, and Artemis checks only the address a subscription is made on. An external broker gets the
 * same from {@code deploy/artemis/broker.properties}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"spring.artemis.embedded.enabled", "cdc.enabled"}, havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(CdcProperties.class)
public class CdcBrokerSecurity {

    /**
     * @param cdc the {@code cdc:} settings
     * @return the customizer declaring the security settings of the change-event addresses
     */
    @Bean
    public ArtemisConfigurationCustomizer changeEventSecurity(CdcProperties cdc) {
        return configuration -> matches(cdc).forEach(match -> BrokerSecurity.protect(configuration, match,
                BrokerSecurity.subscriber(BrokerSecurity.CHANGE_CONSUMER)));
    }

    /** @return {@code <prefix>.<entity>.#} per table and every configured type outside these */
    static Set<String> matches(CdcProperties cdc) {
        Set<String> matches = new LinkedHashSet<>();
        for (CdcProperties.Table table : cdc.tables()) {
            String entity = table.entity() != null && !table.entity().isBlank() ? table.entity()
                    : table.name().substring(table.name().indexOf('.') + 1);
            String defaults = cdc.typePrefix() + "." + entity + ".";
            matches.add(defaults + "#");
            for (CdcProperties.EventRule rule : table.events()) {
                if (!rule.type().startsWith(defaults)) {
                    matches.add(rule.type());
                }
            }
        }
        return matches;
    }
}
