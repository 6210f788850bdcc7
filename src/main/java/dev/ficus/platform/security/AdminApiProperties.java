package dev.ficus.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's shared token, key {@code ficus.admin-token} in {@code application.yml}.
 *
 * @param adminToken a bearer token (RFC 6750, {@code Authorization: Bearer <it>}) that authenticates its holder as
 *                   the principal {@value BearerAuthentication#ADMIN_TOKEN_PRINCIPAL} with the role
 *                   {@code operator}; env {@code FICUS_ADMIN_TOKEN}; empty or blank = no such token. It coexists
 *                   with JWTs: a bearer token equal to it is never handed to the JWT decoder.
 */
@ConfigurationProperties("ficus")
public record AdminApiProperties(String adminToken) {

    /** @return the token without surrounding blanks, or "" when none is set */
    public String token() {
        return adminToken == null ? "" : adminToken.strip();
    }
}
