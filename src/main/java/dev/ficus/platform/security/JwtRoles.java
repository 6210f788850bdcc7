package dev.ficus.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified JWT into Ficus's principal: name = {@code sub}, roles = the names in the configured claim
 * ({@code ficus.security.jwt.roles-claim}, default {@code roles}: a JSON array of strings or one string separated
 * by spaces or commas) plus every scope {@code ficus:<role>} in {@code scope} or {@code scp} (RFC 8693 §4.2).
 * Names that are not Ficus roles are ignored.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private static final String SCOPE_PREFIX = "ficus:";

    private final String rolesClaim;

    /** @param rolesClaim the claim holding role names */
    JwtRoles(String rolesClaim) {
        this.rolesClaim = rolesClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String name : names(jwt.getClaim(rolesClaim))) {
            Role.named(name).ifPresent(r -> authorities.add(r.authority()));
        }
        for (String claim : List.of("scope", "scp")) {
            for (String scope : names(jwt.getClaim(claim))) {
                if (scope.startsWith(SCOPE_PREFIX)) {
                    Role.named(scope.substring(SCOPE_PREFIX.length())).ifPresent(r -> authorities.add(r.authority()));
                }
            }
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    private static List<String> names(Object claim) {
        List<String> names = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> names.add(String.valueOf(v)));
        } else if (claim instanceof String s) {
            for (String part : s.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    names.add(part);
                }
            }
        }
        return names;
    }
}
