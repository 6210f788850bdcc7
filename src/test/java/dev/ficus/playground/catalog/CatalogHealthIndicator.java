package dev.ficus.playground.catalog;

import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Actuator health component {@code catalog}: {@code UP} when the catalog's read model holds the complete initial
 * snapshot of every table it needs ({@link CatalogReadModel#ready()}), {@link #CATCHING_UP} with detail
 * {@code awaitingSnapshot} (the legacy tables still awaited) before; {@code DOWN} when Ficus's database cannot be
 * read.
 *
 * <p>{@code CATCHING_UP} is deliberately not in the root health's status order, so the catalog catching up never
 * turns Ficus's own {@code /actuator/health} (façade, broker, capture) away from UP. The health group
 * {@code catalog-readiness} ({@code /actuator/health/catalog-readiness}, see {@code application.yml}) orders it
 * and maps it to HTTP 503: that is the catalog's readiness for operators and probes.
 */
final class CatalogHealthIndicator implements HealthIndicator {

    /** The catalog runs but does not answer yet: it waits for the initial snapshot. */
    static final Status CATCHING_UP = new Status("CATCHING_UP", "waiting for the complete initial snapshot");

    private final CatalogReadModel model;

    CatalogHealthIndicator(CatalogReadModel model) {
        this.model = model;
    }

    @Override
    public Health health() {
        List<String> awaiting = model.awaitingSnapshot();
        return awaiting.isEmpty() ? Health.up().withDetail("ready", true).build()
                : Health.status(CATCHING_UP).withDetail("ready", false).withDetail("awaitingSnapshot", awaiting)
                        .build();
    }
}
