package dev.ficus.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use which HTTP surface, keys {@code ficus.security.*} in {@code application.yml}. The JWT issuer is
 * configured with Spring Boot's own keys ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri},
 * {@code jwk-set-uri} or {@code public-key-location}); the operator's token is {@code ficus.admin-token}.
 *
 * @param apiKeys         machine clients' keys ({@code X-API-Key} header); env
 *                        {@code FICUS_SECURITY_APIKEYS_<n>_NAME}, {@code _KEY} or {@code _KEYSHA256}, {@code _ROLES}
 * @param passThroughOpen true: the pass-through proxy ({@code /legacy/**}) needs no credential (legacy clients
 *                        authenticate at RetailCore); false (default): it needs the role {@code api-client}; env
 *                        {@code FICUS_SECURITY_PASS_THROUGH_OPEN}
 * @param jwt             how roles are read from a JWT
 * @param rateLimit       per-client limit on the modern API {@code /api/v1/**}
 * @param maxUriChars     longest request URI (path and query, characters as sent) answered; longer: 414
 *                        problem+json. Request lines and headers beyond {@code server.max-http-request-header-size}
 *                        (64 KB) are refused by Undertow itself (400, empty body).
 * @param maxAdminRequestBytes largest request body of the admin API {@code /admin/**}, bytes (decoded when gzip);
 *                        larger: 413 problem+json ({@link AdminBodyLimit}); env {@code FICUS_MAX_ADMIN_REQUEST_BYTES};
 *                        default 1048576 (1 MiB)
 */
@ConfigurationProperties("ficus.security")
public record HttpSecurityProperties(@DefaultValue List<ApiKey> apiKeys, @DefaultValue("false") boolean passThroughOpen,
                                     @DefaultValue Jwt jwt, @DefaultValue RateLimit rateLimit,
                                     @DefaultValue("8192") int maxUriChars,
                                     @DefaultValue("1048576") long maxAdminRequestBytes) {

    /**
     * One machine client's key. Give either {@code key} (the key itself, best from the environment) or
     * {@code keySha256} (the lower- or upper-case hex SHA-256 of the key's UTF-8 bytes, so the configuration
     * holds no secret); a key has at least 16 characters.
     *
     * @param name      the principal's name: it appears in logs, audits and rate limits, e.g. {@code shop-web}
     * @param key       the key as clients send it in {@code X-API-Key}, or empty
     * @param keySha256 64 hex digits, or empty
     * @param roles     role names it grants: {@code api-client}, {@code pos-producer}, {@code operator},
     *                  {@code monitoring}
     */
    public record ApiKey(String name, String key, String keySha256, @DefaultValue List<String> roles) {
    }

    /**
     * @param rolesClaim the claim holding role names, a JSON array or a space- or comma-separated string
     *                   (default {@code roles}); scopes {@code ficus:<role>} in {@code scope}/{@code scp} count too
     */
    public record Jwt(@DefaultValue("roles") String rolesClaim) {
    }

    /**
     * Resilience4j {@code RateLimiter} per client (principal name, or remote address when anonymous): at most
     * {@code limitForPeriod} requests per {@code periodMs}; more are answered 429 with {@code Retry-After}.
     *
     * @param limitForPeriod requests per period and client; 0 = no limit; env {@code FICUS_RATE_LIMIT}
     * @param periodMs       the period, ms; env {@code FICUS_RATE_LIMIT_PERIOD_MS}
     * @param maxClients     clients whose limiter is kept (least recently seen ones are dropped)
     */
    public record RateLimit(@DefaultValue("500") int limitForPeriod, @DefaultValue("1000") long periodMs,
                            @DefaultValue("100000") long maxClients) {
    }
}
