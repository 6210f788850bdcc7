package dev.ficus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/artemis/ha-primary.properties} applies to the HA policy that {@code artemis create --replicated}
 * writes for a primary (replication with quorum voting, {@code vote-on-replication-failure=true}): it turns on
 * check-for-active-server, keeps the rest, and Artemis reports no key it could not apply (it skips such keys silently
 * apart from the status). ArtemisPairIT runs the real brokers with it.
 */
class HaPrimaryPropertiesTest {

    @Test
    void shouldTurnOnCheckForActiveServerOfTheReplicatingPrimaryWithoutError() throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setHAPolicyConfiguration(new ReplicatedPolicyConfiguration().setVoteOnReplicationFailure(true));

        configuration.parseProperties(ArtemisPair.PRIMARY_PROPERTIES.toString());

        assertThat(configuration.getStatus()).contains("\"ha-primary.properties\"").contains("\"errors\":[]");
        assertThat(configuration.getHAPolicyConfiguration()).isInstanceOfSatisfying(
                ReplicatedPolicyConfiguration.class, policy -> {
                    assertThat(policy.isCheckForActiveServer()).isTrue();
                    assertThat(policy.getVoteOnReplicationFailure()).isTrue();
                });
    }

    @Test
    void shouldLeaveTheDefaultOffSoTheFileIsWhatTurnsItOn() {
        assertThat(new ReplicatedPolicyConfiguration().isCheckForActiveServer()).isFalse();
    }
}
