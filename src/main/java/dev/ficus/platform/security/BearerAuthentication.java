package dev.ficus.platform.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Authenticates {@code Authorization: Bearer <token>} (RFC 6750): the operator's token {@code ficus.admin-token}
 * first, then a JWT when an issuer is configured.
 *
 * <p>A token equal to {@code ficus.admin-token} (compared in constant time on SHA-256 digests) is the principal
 * {@value #ADMIN_TOKEN_PRINCIPAL} with the role {@code operator}, and is never handed to the JWT decoder. Any other
 * token is decoded and verified as a JWT (signature, {@code exp}/{@code nbf}, issuer when configured) with roles
 * from {@link JwtRoles}; without a JWT decoder it is refused.
 */
final class BearerAuthentication implements AuthenticationManager {

    /** Principal name of whoever presents {@code ficus.admin-token}. */
    public static final String ADMIN_TOKEN_PRINCIPAL = "admin-token";

    private final byte[] adminToken;
    private final JwtAuthenticationProvider jwt;

    /**
     * @param adminToken the operator's token, or "" for none
     * @param decoder    Spring Boot's JWT decoder (from {@code spring.security.oauth2.resourceserver.jwt.*}), or
     *                   null when no issuer is configured
     * @param roles      reads roles from a verified JWT
     */
    BearerAuthentication(String adminToken, JwtDecoder decoder, JwtRoles roles) {
        this.adminToken = adminToken.isEmpty() ? null : ApiKeys.sha256(adminToken);
        if (decoder == null) {
            this.jwt = null;
        } else {
            this.jwt = new JwtAuthenticationProvider(decoder);
            this.jwt.setJwtAuthenticationConverter(roles);
        }
    }

    /** @return whether JWTs are accepted */
    boolean acceptsJwt() {
        return jwt != null;
    }

    /** @return whether {@code ficus.admin-token} is set */
    boolean hasAdminToken() {
        return adminToken != null;
    }

    /**
     * @param authentication a {@link BearerTokenAuthenticationToken}
     * @return the authenticated principal
     * @throws InvalidBearerTokenException when the token is neither the admin token nor a valid JWT (answered 401
     *                                     with {@code WWW-Authenticate: Bearer error="invalid_token"})
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (adminToken != null && java.security.MessageDigest.isEqual(adminToken, ApiKeys.sha256(token))) {
            return UsernamePasswordAuthenticationToken.authenticated(ADMIN_TOKEN_PRINCIPAL, null,
                    List.of(Role.OPERATOR.authority()));
        }
        if (jwt == null) {
            throw new InvalidBearerTokenException("the bearer token is not ficus.admin-token, and no JWT issuer is "
                    + "configured");
        }
        return jwt.authenticate(authentication);
    }
}
