package dev.ficus.platform.security;

import dev.ficus.platform.StartupCheckException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The API keys of {@code ficus.security.api-keys}: the {@code X-API-Key} request header authenticates its
 * client as the key's {@code name} with the key's roles.
 *
 * <p>Only SHA-256 digests are held. A given key is hashed once and compared with every configured digest in
 * constant time ({@link MessageDigest#isEqual}), all of them, so the time taken tells nothing about which key
 * nearly matched.
 */
public final class ApiKeys implements AuthenticationConverter {

    /** Request header carrying an API key. */
    public static final String HEADER = "X-API-Key";

    private record Entry(String name, byte[] digest, Set<Role> roles) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param keys the configured keys
     * @throws StartupCheckException naming the key (by index and name) that has no name, no key, both a key and a
     *                               digest, a digest that is not 64 hex digits, a key under 16 characters, no role or
     *                               an unknown role
     */
    public ApiKeys(List<HttpSecurityProperties.ApiKey> keys) {
        for (int i = 0; i < keys.size(); i++) {
            HttpSecurityProperties.ApiKey k = keys.get(i);
            String where = "ficus.security.api-keys[" + i + "]" + (blank(k.name()) ? "" : " (" + k.name() + ")");
            if (blank(k.name())) {
                throw new StartupCheckException(where + " has no name: set its name (who the key belongs to)");
            }
            if (blank(k.key()) == blank(k.keySha256())) {
                throw new StartupCheckException(where + " needs exactly one of key and key-sha256");
            }
            byte[] digest;
            if (!blank(k.key())) {
                if (k.key().strip().length() < 16) {
                    throw new StartupCheckException(where + ": a key needs at least 16 characters");
                }
                digest = sha256(k.key().strip());
            } else if (k.keySha256().strip().matches("[0-9a-fA-F]{64}")) {
                digest = HexFormat.of().parseHex(k.keySha256().strip().toLowerCase());
            } else {
                throw new StartupCheckException(where + ": key-sha256 must be 64 hex digits (SHA-256 of the key)");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : k.roles()) {
                roles.add(Role.named(r).orElseThrow(() -> new StartupCheckException(where + ": unknown role " + r
                        + "; roles are api-client, pos-producer, operator, monitoring")));
            }
            if (roles.isEmpty()) {
                throw new StartupCheckException(where + " grants no role: set its roles");
            }
            entries.add(new Entry(k.name().strip(), digest, roles));
        }
    }

    /** @return every role at least one key grants */
    public Set<Role> roles() {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        entries.forEach(e -> roles.addAll(e.roles()));
        return roles;
    }

    /**
     * @param request a request
     * @return an unauthenticated token holding the {@code X-API-Key} value, or null when the header is absent
     */
    @Override
    public Authentication convert(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        return key == null ? null : UsernamePasswordAuthenticationToken.unauthenticated(HEADER, key.strip());
    }

    /**
     * @param candidate what {@link #convert} made
     * @return the authenticated client: principal = the key's name, authorities = its roles
     * @throws BadCredentialsException when no configured key matches
     */
    public Authentication authenticate(Authentication candidate) {
        byte[] given = sha256(String.valueOf(candidate.getCredentials()));
        Entry match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), given)) {
                match = e;
            }
        }
        if (match == null) {
            throw new BadCredentialsException("the X-API-Key is not a configured key");
        }
        return UsernamePasswordAuthenticationToken.authenticated(match.name(), null,
                match.roles().stream().map(Role::authority).toList());
    }

    /**
     * @param text any text
     * @return SHA-256 of its UTF-8 bytes
     */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
