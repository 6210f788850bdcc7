package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.ficus.cdc.CdcBrokerSecurity;
import dev.ficus.cdc.CdcProperties;
import dev.ficus.platform.BrokerSecurity;
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
 * addresses with the same queues, the same diverts, the same address settings and the same security settings
 * (those of {@link BrokerSecurity} and of change data capture too), so the two cannot drift apart.
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
    void shouldDeclareTheSecuritySettingsOfTheEmbeddedBroker() throws Exception {
        ConfigurationImpl file = fromFile();

        assertThat(file.isSecurityEnabled()).isTrue();
        assertThat(securitySettings(file)).isEqualTo(securitySettings(embedded()))
                .containsKeys("#", "pos.inbound", "retail.pos.#", "retail.product.#")
                .doesNotContainKey("retail.#");
    }

    @Test
    void shouldLetTillsOnlySendToTheInboundQueue() throws Exception {
        Map<String, String> settings = securitySettings(fromFile());

        assertThat(settings).allSatisfy((match, roles) -> {
            if (match.equals("pos.inbound")) {
                assertThat(roles).contains("pos-producer [send]");
            } else if (match.equals(BrokerSecurity.OPENWIRE_ADVISORIES)) {
                assertThat(roles).contains("pos-producer [consume, createAddress, createNonDurableQueue, "
                        + "deleteNonDurableQueue]");
            } else {
                assertThat(roles).doesNotContain("pos-producer");
            }
        });
        assertThat(settings.get("retail.pos.#")).doesNotContain("change-consumer").contains("pos-consumer [browse");
        assertThat(settings.get("retail.product.#")).contains("change-consumer [browse").doesNotContain("pos-consumer");
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

    /** What the embedded broker gets, with broker users and the POS and CDC settings of application.yml. */
    static ConfigurationImpl embedded() throws IOException {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setSecurityEnabled(true);
        BrokerSecurity.protectDefaults(configuration);
        new PosBrokerConfiguration().posBrokerAddresses(posProperties()).customize(configuration);
        new CdcBrokerSecurity().changeEventSecurity(bind("cdc", CdcProperties.class)).customize(configuration);
        return configuration;
    }

    /** The {@code pos:} block of application.yml, bound (placeholders resolved) as Spring Boot binds it. */
    static PosProperties posProperties() throws IOException {
        return bind("pos", PosProperties.class);
    }

    /** A block of application.yml, bound (placeholders resolved) as Spring Boot binds it. */
    static <T> T bind(String prefix, Class<T> type) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bindOrCreate(prefix, type);
    }

    /** address match -> "role [permissions it has], ..." sorted */
    static Map<String, String> securitySettings(ConfigurationImpl configuration) {
        Map<String, String> settings = new TreeMap<>();
        configuration.getSecurityRoles().forEach((match, roles) -> settings.put(match, roles.stream()
                .map(BrokerPropertiesFileTest::permissions).sorted().collect(Collectors.joining(", "))));
        return settings;
    }

    private static String permissions(org.apache.activemq.artemis.core.security.Role role) {
        Map<String, Boolean> allowed = new TreeMap<>(Map.ofEntries(Map.entry("send", role.isSend()),
                Map.entry("consume", role.isConsume()), Map.entry("browse", role.isBrowse()),
                Map.entry("createAddress", role.isCreateAddress()), Map.entry("deleteAddress", role.isDeleteAddress()),
                Map.entry("createDurableQueue", role.isCreateDurableQueue()),
                Map.entry("deleteDurableQueue", role.isDeleteDurableQueue()),
                Map.entry("createNonDurableQueue", role.isCreateNonDurableQueue()),
                Map.entry("deleteNonDurableQueue", role.isDeleteNonDurableQueue()),
                Map.entry("manage", role.isManage()), Map.entry("view", role.isView()), Map.entry("edit", role.isEdit())));
        allowed.values().removeIf(b -> !b);
        return role.getName() + " " + allowed.keySet().stream().collect(Collectors.joining(", ", "[", "]"));
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
