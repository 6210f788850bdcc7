/**
 * Change data capture: Debezium embedded on the legacy PostgreSQL, every change of the captured tables published
 * as a CloudEvents 1.0 change event on an Artemis multicast address, offsets in Ficus's schema committed only after
 * the broker confirmed; admin API {@code /admin/cdc/**}, SSE tap {@code /cdc/events}.
 *
 * <p>Uses only the shared {@code platform}. Consumers (the façade's cache eviction, the playground's catalog)
 * depend on its event addresses, never on its classes.
 */
@ApplicationModule(displayName = "Change data capture", allowedDependencies = {"platform", "platform :: web",
        "platform :: events"})
package dev.ficus.cdc;

import org.springframework.modulith.ApplicationModule;
