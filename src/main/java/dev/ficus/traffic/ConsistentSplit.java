package dev.ficus.traffic;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The weighted, sticky split of a CANARY. A business key hashes (64-bit FNV-1a over its UTF-8 bytes, then the
 * SplitMix64 finaliser) to a bucket 0..9999; the key goes modern iff {@code bucket < percent * 100}. So a key
 * always lands on the same side for a given percent, and raising the percent only moves keys from legacy to
 * modern. Keys are not salted by route, so a customer sees the same side on every route at the same percent.
 */
public final class ConsistentSplit {

    /** Number of buckets. */
    public static final int BUCKETS = 10_000;

    private ConsistentSplit() {
    }

    /** @return the key's bucket, 0..9999 */
    public static int bucket(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }

    /**
     * @param key     the business key, or {@code null} to split by weight alone (random)
     * @param percent share of modern, 0..100
     * @return whether the request goes to the modern side
     */
    public static boolean modern(String key, int percent) {
        int bucket = key == null ? ThreadLocalRandom.current().nextInt(BUCKETS) : bucket(key);
        return bucket < percent * (BUCKETS / 100);
    }
}
