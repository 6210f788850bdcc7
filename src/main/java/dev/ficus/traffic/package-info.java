/**
 * Traffic control: per route, LEGACY → SHADOW → CANARY p % (sticky) → MODERN → RETIRED at runtime, audited, with
 * fallback, shadow comparison, automatic rollback and planned rollouts (a ramp of CANARY steps, notified as
 * CloudEvents to a webhook); states live in Ficus's database and its admin API is {@code /admin/traffic/**}.
 *
 * <p>Named interface {@code routing}: {@link dev.ficus.traffic.TrafficControl}, the bean {@code trafficControl}
 * that the façade's and POS posting's YAML routes call. Uses only the shared {@code platform}; it never uses the
 * façade or POS ingest (that would close a cycle with their YAML references).
 */
@ApplicationModule(displayName = "Traffic control", allowedDependencies = {"platform", "platform :: web",
        "platform :: events"})
package dev.ficus.traffic;

import org.springframework.modulith.ApplicationModule;
