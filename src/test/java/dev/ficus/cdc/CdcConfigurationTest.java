package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import org.junit.jupiter.api.Test;

class CdcConfigurationTest {

    static CdcProperties properties(String slot, String source) {
        return new CdcProperties(true, slot, "ficus_cdc", "initial", source, "retail", "ficus.cdc_signal",
                "cdc_offset", "ficus", 1000, 10000, "", 100, 2048, 8192, 30000, 5000, 60000, 50, null, null);
    }

    static final LegacyDatabase LEGACY = new LegacyDatabase("jdbc:postgresql://db.example:5433/North-Wind?ssl=true",
            "retail");

    @Test
    void shouldNameTheSlotAfterTheDatabaseUnlessConfigured() {
        assertThat(CdcConfiguration.slotName(properties("", ""), LEGACY)).isEqualTo("ficus_cdc_north_wind");
        assertThat(CdcConfiguration.slotName(properties("mine", ""), LEGACY)).isEqualTo("mine");
    }

    @Test
    void shouldNameTheLegacyDatabaseAsCloudEventsSourceUnlessConfigured() {
        assertThat(CdcConfiguration.source(properties("", ""), LEGACY)).isEqualTo("postgresql://db.example:5433/North-Wind");
        assertThat(CdcConfiguration.source(properties("", "urn:retailcore"), LEGACY)).isEqualTo("urn:retailcore");
    }
}
