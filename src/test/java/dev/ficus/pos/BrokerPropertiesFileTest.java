package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/**
 * The broker configuration shipped for external brokers ({@code deploy/artemis/broker.properties}) declares exactly
 * what {@link PosBrokerConfiguration} gives the embedded broker with the defaults of {@code application.yml}: the same
 * addresses with the same queues, the same diverts and the same address settings, so the two cannot drift apart.
 */
class BrokerPropertiesFileTest {

    /** The shipped file, relative to the project directory. */
    static final Path FILE = Path.of("deploy/artemis/broker.properties");

    @Test
    void shouldApplyEveryKeyOfTheFileWithoutError() throws Exception {
        ConfigurationImpl file = fromFile();

        // Artemis skips a key it cannot apply and only records it in the status
        assertThat(file.getStatus()).contains("\"broker.properties\"").contains("\"errors\":[]");
    }

    @Test
    void shouldDeclareTheAddressesAndQueuesOfTheEmbeddedBroker() throws Exception {
        assertThat(addresses(fromFile())).isEqualTo(addresses(embedded())).isNotEmpty();
    }

    @Test
    void shouldDeclareTheDivertsOfTheEmbeddedBroker() throws Exception {
        assertThat(diverts(fromFile())).isEqualTo(diverts(embedded())).hasSize(PosBrokerConfiguration.POSTED_TYPES.length);
    }

    @Test
    void shouldDeclareTheAddressSettingsOfTheEmbeddedBroker() throws Exception {
        ConfigurationImpl file = fromFile();
        ConfigurationImpl embedded = embedded();

        assertThat(addressSettings(file)).isEqualTo(addressSettings(embedded)).isNotEmpty();
        assertThat(file.isPersistIDCache()).isEqualTo(embedded.isPersistIDCache()).isTrue();
    }

    @Test
    void shouldKeepEnoughDuplicateIdsForChangeDataCaptureOnEveryAddress() throws Exception {
        // CDC types are configurable (cdc.tables[].events, cdc.type-prefix), so its addresses use the broker-wide size
        assertThat(fromFile().getIDCacheSize()).isGreaterThanOrEqualTo(20_000);
    }

    static ConfigurationImpl fromFile() throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.parseProperties(FILE.toString());
        return configuration;
    }

    /** What the embedded broker gets, with the POS settings of application.yml. */
    static ConfigurationImpl embedded() throws IOException {
        ConfigurationImpl configuration = new ConfigurationImpl();
        new PosBrokerConfiguration().posBrokerAddresses(posProperties()).customize(configuration);
        return configuration;
    }

    /** The {@code pos:} block of application.yml, bound (placeholders resolved) as Spring Boot binds it. */
    static PosProperties posProperties() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bindOrCreate("pos", PosProperties.class);
    }

    /** address name -> "routing types; queue name@address routing type durable, ..." */
    static Map<String, String> addresses(ConfigurationImpl configuration) {
        Map<String, String> addresses = new TreeMap<>();
        for (CoreAddressConfiguration address : configuration.getAddressConfigurations()) {
            String queues = address.getQueueConfigs().stream()
                    .map(q -> q.getName() + "@" + q.getAddress() + " " + q.getRoutingType() + " durable="
                            + q.isDurable())
                    .sorted().collect(Collectors.joining(", "));
            addresses.put(address.getName(), address.getRoutingTypes() + "; " + queues);
        }
        return addresses;
    }

    /** address match -> the settings it sets, as Artemis's JSON of the non-default values */
    static Map<String, String> addressSettings(ConfigurationImpl configuration) {
        Map<String, String> settings = new TreeMap<>();
        configuration.getAddressSettings().forEach((match, s) -> settings.put(match, s.toJSON()));
        return settings;
    }

    /** divert name -> "address -> forwarding address, exclusive, routing type, filter" */
    static Map<String, String> diverts(ConfigurationImpl configuration) {
        Map<String, String> diverts = new TreeMap<>();
        for (DivertConfiguration divert : configuration.getDivertConfigurations()) {
            diverts.put(divert.getName(), divert.getAddress() + " -> " + divert.getForwardingAddress()
                    + " exclusive=" + divert.isExclusive() + " " + divert.getRoutingType()
                    + " filter=" + divert.getFilterString());
        }
        return diverts;
    }
}
