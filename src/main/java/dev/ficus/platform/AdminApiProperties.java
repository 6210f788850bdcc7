package dev.ficus.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to Ficus's admin API ({@code /admin/**}), key {@code ficus.admin-token} in {@code application.yml}.
 *
 * @param adminToken bearer token (RFC 6750) every change under {@code /admin/} must present; env
 *                   {@code FICUS_ADMIN_TOKEN}; empty or blank leaves the admin API open (developer machines only)
 */
@ConfigurationProperties("ficus")
public record AdminApiProperties(String adminToken) {
}
