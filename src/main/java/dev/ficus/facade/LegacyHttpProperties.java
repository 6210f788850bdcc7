package dev.ficus.facade;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the façade calls RetailCore over HTTP, block {@code legacy.http} in {@code application.yml} (defaults there).
 *
 * @param connectTimeoutMs  ms to open a TCP connection to RetailCore (then 503); env {@code LEGACY_CONNECT_TIMEOUT_MS}
 * @param responseTimeoutMs ms RetailCore may take to answer a façade call when the route sets no timeout of its
 *                          own (then 504); env {@code LEGACY_RESPONSE_TIMEOUT_MS}
 */
@ConfigurationProperties("legacy.http")
public record LegacyHttpProperties(long connectTimeoutMs, long responseTimeoutMs) {
}
