package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the sticky split, over many random keys and every percentage. */
class ConsistentSplitTest {

    private final Random random = new Random(42);

    private String randomKey() {
        return Long.toString(random.nextLong(), 36) + "-" + random.nextInt(1000);
    }

    @Test
    void shouldPutTheSameKeyOnTheSameSideEveryTime() {
        for (int i = 0; i < 2_000; i++) {
            String key = randomKey();
            int p = random.nextInt(101);
            boolean first = ConsistentSplit.modern(key, p);
            for (int j = 0; j < 5; j++) {
                assertThat(ConsistentSplit.modern(key, p)).isEqualTo(first);
            }
        }
    }

    @Test
    void shouldOnlyMoveKeysFromLegacyToModernWhenThePercentRises() {
        for (int i = 0; i < 5_000; i++) {
            String key = randomKey();
            boolean modernBefore = false;
            for (int p = 0; p <= 100; p++) {
                boolean modern = ConsistentSplit.modern(key, p);
                if (modernBefore) {
                    assertThat(modern).as("key %s at %d%%", key, p).isTrue();
                }
                modernBefore = modern;
            }
            assertThat(ConsistentSplit.modern(key, 0)).isFalse();
            assertThat(ConsistentSplit.modern(key, 100)).isTrue();
        }
    }

    @Test
    void shouldSendAboutThePercentOfKeysModern() {
        for (int p : new int[] {1, 5, 25, 50, 75}) {
            int modern = 0;
            int n = 40_000;
            for (int i = 0; i < n; i++) {
                if (ConsistentSplit.modern("customer-" + i, p)) {
                    modern++;
                }
            }
            assertThat(modern / (double) n).as("share at %d%%", p).isBetween(p / 100.0 - 0.01, p / 100.0 + 0.01);
        }
    }

    @Test
    void shouldSplitKeylessRequestsByWeightAlone() {
        int modern = 0;
        for (int i = 0; i < 20_000; i++) {
            if (ConsistentSplit.modern(null, 30)) {
                modern++;
            }
        }
        assertThat(modern / 20_000.0).isBetween(0.28, 0.32);
    }

    @Test
    void shouldKeepBucketsInRange() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(ConsistentSplit.bucket(randomKey())).isBetween(0, ConsistentSplit.BUCKETS - 1);
        }
        assertThat(ConsistentSplit.bucket("")).isBetween(0, ConsistentSplit.BUCKETS - 1);
    }
}
