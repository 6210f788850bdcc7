package dev.ficus.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash of a canonical transaction: SHA-256 (FIPS 180-4), lower-case hex (64 characters), of the compact
 * JSON of its {@code data} without the members that describe how it was read or published ({@code dialect},
 * {@code exchange}, {@code correctionOf}), decimal strings ({@code -?digits.digits}) written without trailing zeros.
 * A resend of the same transaction hashes the same whatever its bytes (whitespace, prefixes, attribute order,
 * encoding, {@code 2.990} for {@code 2.99}, dialect file changes that keep the meaning); any other amount, line,
 * tender or id changes it.
 */
final class ContentHash {

    private ContentHash() {
    }

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    /** @return the hash of {@code data} as described above */
    static String of(JsonNode data) {
        JsonNode canonical = data.deepCopy();
        if (canonical instanceof ObjectNode o) {
            o.remove("dialect");
            o.remove("exchange");
            o.remove("correctionOf");
        }
        canonical = numbers(canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static JsonNode numbers(JsonNode node) {
        if (node.isTextual() && DECIMAL.matcher(node.asText()).matches()) {
            return TextNode.valueOf(new BigDecimal(node.asText()).stripTrailingZeros().toPlainString());
        }
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(f -> f.setValue(numbers(f.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, numbers(a.get(i)));
            }
        }
        return node;
    }
}
