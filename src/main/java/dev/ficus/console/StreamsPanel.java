package dev.ficus.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.search.Search;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /console/streams} (role {@code operator}): the change data capture and POS ingest panels, HTML.
 *
 * <p>Change data capture from the actuator health component {@code cdc} (status, role, replica, leader, lag and its
 * threshold in ms, retained WAL in bytes, slot, publication, last LSN, error) and events/s from the counter
 * {@code ficus.cdc.events}; "off" when there is no such component ({@code cdc.enabled=false}). POS ingest from the
 * counters {@code ficus.pos.<kind>{channel}} (kinds {@code received, published, duplicates, key.conflicts,
 * dead.lettered, corrections}; transactions since this replica started) and documents received per second.
 */
@Controller
class StreamsPanel {

    static final String CDC_COMPONENT = "cdc";
    static final String CDC_EVENTS = "ficus.cdc.events";
    static final String POS_PREFIX = "ficus.pos.";

    /** POS counters shown, in column order. */
    static final List<String> POS_KINDS = List.of("received", "published", "duplicates", "key.conflicts",
            "dead.lettered", "corrections");

    private final ObjectProvider<HealthContributorRegistry> health;
    private final MeterRegistry meters;
    private final MeterRates rates;

    StreamsPanel(ObjectProvider<HealthContributorRegistry> health, MeterRegistry meters, MeterRates rates) {
        this.health = health;
        this.meters = meters;
        this.rates = rates;
    }

    @GetMapping("/console/streams")
    String streams(Model model) {
        model.addAttribute("cdc", cdc());
        model.addAttribute("posKinds", POS_KINDS);
        model.addAttribute("channels", channels());
        return "console/streams";
    }

    private Map<String, Object> cdc() {
        HealthContributorRegistry registry = health.getIfAvailable();
        HealthContributor contributor = registry == null ? null : registry.getContributor(CDC_COMPONENT);
        if (!(contributor instanceof HealthIndicator indicator)) {
            return Map.of("enabled", false);
        }
        Health h = indicator.health();
        Map<String, Object> d = h.getDetails();
        Map<String, Object> out = new TreeMap<>();
        out.put("enabled", true);
        out.put("status", h.getStatus().getCode());
        out.put("error", d.getOrDefault("error", ""));
        out.put("role", d.getOrDefault("role", Formats.NONE));
        out.put("replica", d.getOrDefault("replica", Formats.NONE));
        out.put("leader", d.getOrDefault("leader", Formats.NONE));
        out.put("slot", d.getOrDefault("slot", Formats.NONE));
        out.put("publication", d.getOrDefault("publication", Formats.NONE));
        long lag = number(d.get("lagMs"));
        long threshold = number(d.get("lagThresholdMs"));
        out.put("lag", lag < 0 ? Formats.NONE : lag + " ms");
        out.put("lagThreshold", threshold < 0 ? Formats.NONE : threshold + " ms");
        out.put("lagPercent", lag < 0 || threshold <= 0 ? 0 : Math.min(100, lag * 100 / threshold));
        out.put("retainedWal", Formats.bytes(number(d.get("retainedWalBytes"))));
        out.put("lastLsn", lsn(number(d.get("lastLsn"))));
        MeterRates.Rate events = rates.counter(CDC_EVENTS, List.of());
        out.put("eventsPerSecond", Formats.perSecond(events.perSecond()));
        out.put("events", (long) events.total());
        return out;
    }

    /** @return per channel (sorted), the POS counters by kind and {@code receivedPerSecond} */
    private Map<String, Map<String, Object>> channels() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Counter c : Search.in(meters).name(n -> n.startsWith(POS_PREFIX)).counters()) {
            String channel = c.getId().getTag("channel");
            String kind = c.getId().getName().substring(POS_PREFIX.length());
            if (channel != null && POS_KINDS.contains(kind)) {
                out.computeIfAbsent(channel, k -> new TreeMap<>()).merge(kind, (long) c.count(),
                        (a, b) -> (long) a + (long) b);
            }
        }
        out.forEach((channel, counts) -> {
            POS_KINDS.forEach(kind -> counts.putIfAbsent(kind, 0L));
            counts.put("receivedPerSecond", Formats.perSecond(rates.counter(POS_PREFIX + "received",
                    List.of(Tag.of("channel", channel))).perSecond()));
        });
        return out;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    /** @return a WAL position as PostgreSQL writes it, e.g. {@code 0/1A2B3C4}; {@link Formats#NONE} for none */
    static String lsn(long lsn) {
        return lsn <= 0 ? Formats.NONE : Long.toHexString(lsn >>> 32).toUpperCase() + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
