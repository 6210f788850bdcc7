package dev.ficus.cdc;

import java.util.ArrayList;
import java.util.List;
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
    private final String slotName;

    CdcHealthIndicator(CdcEngine engine, CdcMetrics metrics, CdcProperties properties, String slotName) {
        this.slotName = slotName;
        this.engine = engine;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public Health health() {
        long lag = metrics.lagMs();
        List<String> problems = new ArrayList<>();
        Throwable failure = engine.failure();
        if (failure != null) {
            problems.add("engine stopped: " + failure.getMessage());
        } else if (!engine.isRunning()) {
            problems.add("not running");
        }
        if (!engine.brokerReachable()) {
            problems.add("Artemis unreachable; capture paused");
        }
        if (lag > properties.lagThresholdMs()) {
            problems.add("lag " + lag + " ms exceeds " + properties.lagThresholdMs() + " ms");
        }
        Health.Builder health = problems.isEmpty() ? Health.up()
                : Health.down().withDetail("error", String.join("; ", problems));
        return health.withDetail("lagMs", lag)
                .withDetail("lagThresholdMs", properties.lagThresholdMs())
                .withDetail("lastLsn", metrics.lastLsn())
                .withDetail("events", (long) metrics.eventCount())
                .withDetail("retainedWalBytes", metrics.retainedWalBytes())
                .withDetail("slot", slotName)
                .withDetail("publication", properties.publicationName())
                .build();
    }
}
