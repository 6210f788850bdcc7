package dev.ficus.cdc;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Actuator health component {@code cdc}: DOWN when the engine stopped on an error, when Artemis cannot be reached,
 * or when the commit-to-publish lag exceeds {@code cdc.lag-threshold-ms}. Details: {@code lagMs}, {@code lastLsn},
 * {@code events}, {@code retainedWalBytes}, {@code slot}, {@code publication}.
 */
final class CdcHealthIndicator implements HealthIndicator {

    private final CdcEngine engine;
    private final CdcMetrics metrics;
    private final CdcProperties properties;

    CdcHealthIndicator(CdcEngine engine, CdcMetrics metrics, CdcProperties properties) {
        this.engine = engine;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public Health health() {
        long lag = metrics.lagMs();
        Health.Builder health;
        Throwable failure = engine.failure();
        if (failure != null) {
            health = Health.down().withDetail("error", String.valueOf(failure.getMessage()));
        } else if (!engine.brokerReachable()) {
            health = Health.down().withDetail("error", "Artemis unreachable; capture paused");
        } else if (lag > properties.lagThresholdMs()) {
            health = Health.down().withDetail("error", "lag " + lag + " ms exceeds " + properties.lagThresholdMs()
                    + " ms");
        } else if (!engine.isRunning()) {
            health = Health.down().withDetail("error", "not running");
        } else {
            health = Health.up();
        }
        return health.withDetail("lagMs", lag)
                .withDetail("lagThresholdMs", properties.lagThresholdMs())
                .withDetail("lastLsn", metrics.lastLsn())
                .withDetail("events", (long) metrics.eventCount())
                .withDetail("retainedWalBytes", metrics.retainedWalBytes())
                .withDetail("slot", properties.slotName())
                .withDetail("publication", properties.publicationName())
                .build();
    }
}
