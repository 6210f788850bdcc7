/**
 * Platform: what every capability shares — Ficus's and the legacy database, the embedded or external Artemis
 * broker, data directory, start-up checks and summary, route-file loading, and HTTP security ({@code security}: roles per surface, API keys,
 * JWTs, the admin token, rate limits; internal to the platform). Named interfaces:
 * {@code web} (RFC 9457 problem writer, header names, request ids), {@code soap} (SOAP 1.1 faults) and
 * {@code events} (CloudEvents writer and message headers).
 *
 * <p>Depends on no capability.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package dev.ficus.platform;

import org.springframework.modulith.ApplicationModule;
