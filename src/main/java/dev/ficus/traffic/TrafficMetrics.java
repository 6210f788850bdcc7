package dev.ficus.traffic;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Traffic control's Micrometer meters, one place for their names and tags:
 * <ul>
 *   <li>timer {@code ficus.traffic.requests{route,side,outcome=success|error}} (percentile histogram; error =
 *       an exception or status 5xx), each façade request from dispatch to its last step;</li>
 *   <li>counter {@code ficus.traffic.messages{route,side}}: writes made from messages, by the side that owns them;</li>
 *   <li>counter {@code ficus.traffic.fallbacks{route}}: modern failures answered by legacy;</li>
 *   <li>counter {@code ficus.traffic.modern.failures{route,reason,purpose=serve|shadow}};</li>
 *   <li>counter {@code ficus.traffic.shadow.comparisons{route,result=match|mismatch|error|unavailable}}
 *       ({@code unavailable}: the modern side answered 503 with {@code Retry-After}; not compared);</li>
 *   <li>counter {@code ficus.traffic.shadow.dropped{route}}, unit requests: shadows dropped because the queue was
 *       full;</li>
 *   <li>counter {@code ficus.traffic.shadow.noise.probes{route}}: second legacy answers obtained for noise
 *       learning;</li>
 *   <li>gauge {@code ficus.traffic.route.state{route}}: the route's migration state as this replica sees it, coded
 *       in migration order: 0 LEGACY, 1 SHADOW, 2 CANARY, 3 MODERN, 4 RETIRED (one series per route, so a Grafana
 *       state timeline maps the codes to names; every replica reports the shared state within
 *       {@code traffic.poll-interval-ms});</li>
 *   <li>gauge {@code ficus.traffic.route.modern.share{route}}, unit percent (0..100): the share of business keys the
 *       state gives the modern side: 0 in LEGACY and SHADOW, the canary percent in CANARY, 100 in MODERN and
 *       RETIRED;</li>
 *   <li>gauge {@code ficus.traffic.shadow.mismatch.rate{route}}, unit ratio (0..1): this replica's mismatches /
 *       comparisons over the gate window (the gates judge all replicas' sum);</li>
 *   <li>counter {@code ficus.traffic.rollout.notifications{route,event,result=sent|retried|failed|dropped}}: rollout
 *       CloudEvents this replica POSTed to the webhook ({@code retried}: an attempt failed and another follows;
 *       {@code failed}: the last attempt failed; {@code dropped}: the send queue was full).</li>
 * </ul>
 * Prometheus names (Micrometer's naming: dots to underscores, the base unit appended unless the name ends with it,
 * {@code _total} on counters, timers in {@code _seconds}): {@code ficus_traffic_requests_seconds_bucket|_count|_sum},
 * {@code ficus_traffic_messages_total}, {@code ficus_traffic_fallbacks_total},
 * {@code ficus_traffic_modern_failures_total}, {@code ficus_traffic_shadow_comparisons_total},
 * {@code ficus_traffic_shadow_dropped_requests_total}, {@code ficus_traffic_shadow_noise_probes_total},
 * {@code ficus_traffic_shadow_mismatch_rate_ratio}, {@code ficus_traffic_rollout_notifications_total},
 * {@code ficus_traffic_route_state}, {@code ficus_traffic_route_modern_share_percent}.
 */
final class TrafficMetrics {

    private final MeterRegistry meters;

    TrafficMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @return the route's fallback counter */
    Counter fallbacks(String routeId) {
        return Counter.builder("ficus.traffic.fallbacks").tag("route", routeId)
                .description("modern failures answered by legacy").register(meters);
    }

    /** @return the route's dropped-shadow counter */
    Counter dropped(String routeId) {
        return Counter.builder("ficus.traffic.shadow.dropped").tag("route", routeId).baseUnit("requests")
                .description("shadows dropped because the shadow queue was full").register(meters);
    }

    /** Registers the route's mismatch-rate gauge over its window. */
    void mismatchRate(String routeId, RouteWindow window) {
        Gauge.builder("ficus.traffic.shadow.mismatch.rate", window,
                        w -> w.totals(System.currentTimeMillis()).mismatchRate()).tag("route", routeId)
                .description("mismatches / comparisons over the gate window").baseUnit("ratio").register(meters);
    }

    /**
     * Registers the route's state gauges ({@code ficus.traffic.route.state}, {@code ficus.traffic.route.modern.share}).
     *
     * @param state the route's current state in this replica's view ({@link TrafficStates#get})
     */
    void routeState(String routeId, Supplier<RouteState> state) {
        Gauge.builder("ficus.traffic.route.state", state, s -> s.get().state().ordinal()).tag("route", routeId)
                .description("migration state: 0 LEGACY, 1 SHADOW, 2 CANARY, 3 MODERN, 4 RETIRED")
                .strongReference(true).register(meters);
        Gauge.builder("ficus.traffic.route.modern.share", state, s -> modernShare(s.get())).tag("route", routeId)
                .description("share of business keys the route's state gives the modern side")
                .baseUnit("percent").strongReference(true).register(meters);
    }

    /** @return the share of keys {@code state} gives the modern side, %: 0, the canary percent, or 100 */
    static int modernShare(RouteState state) {
        return switch (state.state()) {
            case LEGACY, SHADOW -> 0;
            case CANARY -> state.percent();
            case MODERN, RETIRED -> 100;
        };
    }

    /** Counts a failed modern call; {@code purpose} is {@code serve} or {@code shadow}. */
    void modernFailure(String routeId, String reason, String purpose) {
        meters.counter("ficus.traffic.modern.failures", "route", routeId, "reason", reason, "purpose", purpose)
                .increment();
    }

    /** Counts a shadow's result: {@code match}, {@code mismatch}, {@code error} or {@code unavailable}. */
    void comparison(String routeId, String result) {
        meters.counter("ficus.traffic.shadow.comparisons", "route", routeId, "result", result).increment();
    }

    /** Counts a second legacy answer obtained for noise learning. */
    void noiseProbe(String routeId) {
        meters.counter("ficus.traffic.shadow.noise.probes", "route", routeId).increment();
    }

    /** Counts a write decided for {@code side}. */
    void message(String routeId, Side side) {
        meters.counter("ficus.traffic.messages", "route", routeId, "side", side.tag()).increment();
    }

    /** Counts a rollout notification's outcome: {@code sent}, {@code retried}, {@code failed} or {@code dropped}. */
    void rolloutNotification(String routeId, String event, String result) {
        meters.counter("ficus.traffic.rollout.notifications", "route", routeId, "event", event, "result", result)
                .increment();
    }

    /** Records one façade request's time, ns, by the side that answered it. */
    void request(String routeId, Side side, boolean error, long nanos) {
        Timer.builder("ficus.traffic.requests")
                .tag("route", routeId)
                .tag("side", side.tag())
                .tag("outcome", error ? "error" : "success")
                .publishPercentileHistogram()
                .description("façade requests per route and side that answered them, to the last step")
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
