package dev.ficus.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code traffic:} block of {@code application.yml}: how traffic control runs. Every default is there, beside
 * its environment variable; this record repeats none. The per-route declarations are in the reviewed file
 * {@link #routesFile()} (see {@link TrafficRoute}).
 *
 * @param routesFile                YAML file with {@code traffic.routes.<route id>} (env {@code TRAFFIC_ROUTES_FILE})
 * @param pollIntervalMs            how often each replica re-reads the state table, ms (≤ 500 keeps changes visible
 *                                  everywhere within 1 s)
 * @param trustedToken              shared secret a caller sends in {@code X-Ficus-Trust-Token} to force a side with
 *                                  {@code X-Ficus-Route-To}; empty: nobody may force (env {@code TRAFFIC_TRUSTED_TOKEN})
 * @param shadowThreads             threads that call the modern side for shadows and compare
 * @param shadowQueueCapacity       shadows waiting for a thread; beyond it a shadow is dropped (counted)
 * @param maxDiffsPerRoute          recent differing comparisons kept per route, shared by all replicas
 *                                  ({@code traffic_shadow_diff}; also the most each replica holds until stored)
 * @param gateIntervalMs            how often each replica publishes its gate window and new mismatches, then
 *                                  judges the gates over all replicas' windows, ms
 * @param legacyCallsFlushMs        how often this replica adds its legacy call counts to the database, ms
 * @param retirementWindowMs        default window of the "safe to retire" count, ms
 * @param breakerFailureRatePercent modern circuit breaker (Resilience4j, per route): failure rate that opens it, %
 * @param breakerMinimumCalls       calls before the breaker judges
 * @param breakerOpenMs             how long the breaker stays open before trying again, ms
 */
@ConfigurationProperties("traffic")
public record TrafficProperties(String routesFile, long pollIntervalMs, String trustedToken, int shadowThreads,
                                int shadowQueueCapacity, int maxDiffsPerRoute, long gateIntervalMs,
                                long legacyCallsFlushMs, long retirementWindowMs, float breakerFailureRatePercent,
                                int breakerMinimumCalls, long breakerOpenMs) {
}
