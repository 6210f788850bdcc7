package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/** The {@code cdc:} block of application.yml binds completely: every default lives there, none in the record. */
class CdcPropertiesTest {

    static CdcProperties bind() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bindOrCreate("cdc", CdcProperties.class);
    }

    @Test
    void shouldBindEveryKeyOfTheCdcBlock() throws IOException {
        CdcProperties cdc = bind();

        assertThat(cdc).hasNoNullFieldsOrProperties();
        assertThat(cdc.enabled()).isTrue();
        assertThat(cdc.slotName()).isEmpty();
        assertThat(cdc.offsetSchema()).as("Ficus's schema, ficus-db.schema").isEqualTo("ficus");
        assertThat(cdc.heartbeatIntervalMs()).isEqualTo(10_000L);
        assertThat(cdc.tables()).isNotEmpty().allSatisfy(t -> assertThat(t.name()).contains("."));
        assertThat(cdc.tables().get(0).events().get(1).whenChanged()).containsExactly("units_in_stock");
    }

    @Test
    void shouldReadLeftOutOptionalTextAsEmpty() {
        CdcProperties cdc = CdcConfigurationTest.properties(null, null);

        assertThat(cdc.slotName()).isEmpty();
        assertThat(cdc.source()).isEmpty();
        assertThat(new CdcProperties(true, "", "p", "initial", "", "retail", "s.t", "o", "ficus", 1, 1, null, 1, 1, 1, 1,
                1, 1, 1, null, null).heartbeatActionQuery()).isEmpty();
    }
}
