package dev.ficus.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a canonical transaction: SHA-256 (FIPS 180-4), lower-case hex (64 characters), of the compact
 * JSON of its {@code data} without the members that describe how it was read or published ({@code dialect},
 * {@code exchange}, {@code correctionOf}). A resend of the same transaction hashes the same whatever its bytes
 * (whitespace, prefixes, attribute order, encoding, dialect file changes that keep the meaning); any other amount,
 * line, tender or id changes it.
 */
final class ContentHash {

    private ContentHash() {
    }

    /** @return the hash of {@code data} as described above */
    static String of(JsonNode data) {
        JsonNode canonical = data;
        if (data instanceof ObjectNode o && (o.has("dialect") || o.has("exchange") || o.has("correctionOf"))) {
            ObjectNode copy = o.deepCopy();
            copy.remove("dialect");
            copy.remove("exchange");
            copy.remove("correctionOf");
            canonical = copy;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
