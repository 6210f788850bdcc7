package dev.ficus.platform.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles that open Ficus's HTTP surfaces (see {@link Surface}). Their names are fixed: API keys
 * ({@code ficus.security.api-keys[n].roles}), JWT claims ({@code roles}, or scope {@code ficus:<name>}),
 * {@code management.endpoint.health.roles} and the OpenAPI document use them as written here.
 */
public enum Role {

    /** Machine clients of the modern API {@code /api/v1/**} (and of the pass-through proxy unless it is open). */
    API_CLIENT("api-client"),
    /** Tills and POS back offices posting POSLog to {@code /api/v1/pos/**}. */
    POS_PRODUCER("pos-producer"),
    /** People and tools running Ficus: {@code /admin/**}, {@code /console/**}, {@code /cdc/**}; health details. */
    OPERATOR("operator"),
    /** Metrics scrapers: {@code /actuator/**} beyond health, liveness and readiness; health details. */
    MONITORING("monitoring");

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    /** @return the role's name, e.g. {@code api-client} */
    public String roleName() {
        return roleName;
    }

    /** @return Spring Security's authority for the role: {@code ROLE_<name>} */
    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority("ROLE_" + roleName);
    }

    /**
     * @param name a role name in any letter case, e.g. {@code Operator}
     * @return the role, or empty when the name is not one of Ficus's roles
     */
    public static Optional<Role> named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.roleName.equals(n)).findFirst();
    }

    @Override
    public String toString() {
        return roleName;
    }
}
