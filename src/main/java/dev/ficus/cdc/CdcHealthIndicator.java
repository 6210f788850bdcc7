package dev.ficus.cdc;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Actuator health component {@code cdc}.
 *
 * <p>On the leading replica ({@code role: leader}): DOWN when the engine stopped on an error or is not running, when
 * Artemis cannot be reached, or when the commit-to-publish lag exceeds {@code cdc.lag-threshold-ms}. On a standby
 * ({@code role: standby}): UP while some replica holds a live lease ({@code leader} names it), DOWN when none does
 * (nobody captures). Details: {@code role}, {@code replica}, {@code leader}, {@code lagMs}, {@code lastLsn},
 * {@code events}, {@code retainedWalBytes}, {@code slot}, {@code publication}.
 */
final class CdcHealthIndicator implements HealthIndicator {

    private final CdcEngine engine;
    private final CdcLeadership leadership;
    private final CdcMetrics metrics;
    private final CdcProperties properties;
    private final String slotName;

    CdcHealthIndicator(CdcEngine engine, CdcLeadership leadership, CdcMetrics metrics, CdcProperties properties,
                       String slotName) {
        this.leadership = leadership;
        this.slotName = slotName;
        this.engine = engine;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public Health health() {
        long lag = metrics.lagMs();
        List<String> problems = new ArrayList<>();
        String role = leadership.role();
        Object leader = leadership.currentLeader().map(row -> row.get("clientId")).orElse(null);
        if ("standby".equals(role)) {
            if (leader == null) {
                problems.add("no replica leads change data capture");
            }
            return (problems.isEmpty() ? Health.up() : Health.down().withDetail("error", problems.get(0)))
                    .withDetail("role", role).withDetail("replica", leadership.replicaId())
                    .withDetail("leader", leader == null ? "none" : leader).withDetail("slot", slotName).build();
        }
        Throwable failure = engine.failure();
        if (failure != null) {
            problems.add("engine stopped: " + failure.getMessage());
        } else if (!engine.isCapturing()) {
            problems.add("not capturing");
        }
        if (!engine.brokerReachable()) {
            problems.add("Artemis unreachable; capture paused");
        }
        if (lag > properties.lagThresholdMs()) {
            problems.add("lag " + lag + " ms exceeds " + properties.lagThresholdMs() + " ms");
        }
        Health.Builder health = problems.isEmpty() ? Health.up()
                : Health.down().withDetail("error", String.join("; ", problems));
        return health.withDetail("role", role).withDetail("replica", leadership.replicaId())
                .withDetail("leader", leader == null ? "none" : leader)
                .withDetail("lagMs", lag)
                .withDetail("lagThresholdMs", properties.lagThresholdMs())
                .withDetail("lastLsn", metrics.lastLsn())
                .withDetail("events", (long) metrics.eventCount())
                .withDetail("retainedWalBytes", metrics.retainedWalBytes())
                .withDetail("slot", slotName)
                .withDetail("publication", properties.publicationName())
                .build();
    }
}
