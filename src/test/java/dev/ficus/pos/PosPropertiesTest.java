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
    }
}
