package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code pos:} block of application.yml binds completely: every default lives there, none in the record. */
class PosPropertiesTest {

    @Test
    void shouldBindEveryKeyOfThePosBlock() throws Exception {
        PosProperties pos = BrokerPropertiesFileTest.posProperties();

        assertThat(pos).hasNoNullFieldsOrProperties();
        assertThat(pos.drop()).hasNoNullFieldsOrProperties();
        assertThat(pos.posting()).hasNoNullFieldsOrProperties();
        assertThat(pos.maxDocumentBytes()).isEqualTo(10_485_760L);
        assertThat(pos.queueConsumers()).isPositive();
        assertThat(pos.drop().directory()).isEqualTo("data/pos/inbox");
        assertThat(pos.drop().maxFileBytes()).isEqualTo(268_435_456L);
        assertThat(pos.posting().legacyUrl()).as("RetailCore has no default URL: legacy.base-url").isEmpty();
        assertThat(pos.posting().maxDeliveryAttempts()).isPositive();
        assertThat(pos.posting().timeoutMs()).isEqualTo(10_000L);
        assertThat(pos.defaultTimeZone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(pos.laterVersionWins()).isFalse();
        assertThat(pos.dialectsDirectory()).isEqualTo("adapters/poslog/dialects");
        assertThat(pos.stores()).isEmpty();
    }

    @Test
    void shouldLetAStoreOverrideTheDefaults() {
        PosProperties pos = new PosProperties("q", 1, "d", 1, 1, 1, 1, 1, "USD", java.time.ZoneOffset.UTC, false,
                "dir", java.util.Map.of("301", new PosProperties.Store(java.time.ZoneId.of("America/New_York"), null),
                "55", new PosProperties.Store(null, true)), null, null, null);

        assertThat(pos.timeZone("301")).isEqualTo(java.time.ZoneId.of("America/New_York"));
        assertThat(pos.timeZone("55")).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(pos.timeZone("other")).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(pos.laterVersionWins("55")).isTrue();
        assertThat(pos.laterVersionWins("301")).isFalse();
    }
}
