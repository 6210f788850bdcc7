package dev.ficus.traffic;

import java.time.Instant;
import java.util.List;

/**
 * One shadow comparison where legacy and the modern side differed, as the admin API lists it
 * ({@code GET /admin/traffic/routes/{id}/diffs}, JSON with these field names).
 *
 * @param at            when the comparison was made
 * @param requestId     the client request's {@code X-Request-Id}, or {@code null}
 * @param method        HTTP method
 * @param uri           path and raw query of the request
 * @param key           the sticky business key, or {@code null}
 * @param legacyAnswer  legacy's canonical JSON, as the client got it
 * @param modernStatus  the modern side's HTTP status
 * @param modernAnswer  the modern side's body text
 * @param paths         where they differ ({@code $.unitPrice.amount}), or {@code (status 404)} for a non-2xx
 *                      modern status
 */
public record ShadowDiff(Instant at, String requestId, String method, String uri, String key, String legacyAnswer,
                         int modernStatus, String modernAnswer, List<String> paths) {
}
