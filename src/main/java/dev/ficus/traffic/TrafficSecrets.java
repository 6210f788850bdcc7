package dev.ficus.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;

/**
 * The two secrets of traffic control, compared in constant time: the shared {@code traffic.trusted-token} that
 * lets a caller force a side, and this process's random noise-probe secret that marks a request as traffic
 * control's own second legacy call.
 */
final class TrafficSecrets {

    private final byte[] trustedToken;
    private final String probeSecret = UUID.randomUUID().toString();

    /** @param trustedToken the shared secret; {@code null} or empty: nobody may force a side */
    TrafficSecrets(String trustedToken) {
        this.trustedToken = trustedToken == null ? new byte[0] : trustedToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param routeTo the {@code X-Ficus-Route-To} value ({@code legacy} or {@code modern}, any case), or {@code null}
     * @param token   the {@code X-Ficus-Trust-Token} value, or {@code null}
     * @return the forced side, or {@code null} when no side is named, the name is unknown, no trusted token is
     *         configured or the token does not match
     */
    Side forcedSide(String routeTo, String token) {
        if (routeTo == null || token == null || trustedToken.length == 0
                || !MessageDigest.isEqual(trustedToken, token.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return switch (routeTo.strip().toLowerCase(Locale.ROOT)) {
            case "legacy" -> Side.LEGACY;
            case "modern" -> Side.MODERN;
            default -> null;
        };
    }

    /**
     * @param value an {@code X-Ficus-Noise-Probe} value, or {@code null}
     * @return whether it is this process's probe secret
     */
    boolean isProbe(String value) {
        return value != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                probeSecret.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the secret a noise probe carries in {@code X-Ficus-Noise-Probe}; random per process */
    String probeSecret() {
        return probeSecret;
    }
}
