package dev.ficus.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Rates of this replica's Micrometer counters and timers over the last {@code console.rate-window-ms}: Micrometer
 * keeps totals since start, so each look at a meter is kept as a sample (at most one a second per meter) and the rate
 * is the difference to the oldest sample still inside the window. Meters matching one name and set of tags are
 * summed (e.g. a route's timers of both outcomes). No rate before two looks at least a second apart.
 */
@Component
class MeterRates {

    private static final long MIN_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param perSecond events (or requests) per second over the window; NaN when not known yet
     * @param meanMs    mean time per request over the window, ms (timers only); NaN without requests
     * @param total     the total since start
     */
    record Rate(double perSecond, double meanMs, double total) {
        boolean known() {
            return !Double.isNaN(perSecond);
        }
    }

    private record Sample(long atNanos, double count, double totalNanos) {
    }

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final long windowNanos;
    private final LongSupplier nanoClock;

    @Autowired
    MeterRates(MeterRegistry registry, ConsoleProperties properties) {
        this(registry, properties.rateWindowMs(), System::nanoTime);
    }

    MeterRates(MeterRegistry registry, long windowMs, LongSupplier nanoClock) {
        this.registry = registry;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        this.nanoClock = nanoClock;
    }

    /**
     * @param name a timer's name, e.g. {@code ficus.traffic.requests}
     * @param tags tags every summed timer has, e.g. {@code route, side}
     * @return requests per second and their mean duration over the window
     */
    Rate timer(String name, List<Tag> tags) {
        double count = 0;
        double nanos = 0;
        for (Timer t : Search.in(registry).name(name).tags(tags).timers()) {
            count += t.count();
            nanos += t.totalTime(TimeUnit.NANOSECONDS);
        }
        return observe(key(name, tags), count, nanos);
    }

    /**
     * @param name a counter's name, e.g. {@code ficus.cdc.events}
     * @param tags tags every summed counter has
     * @return increments per second over the window
     */
    Rate counter(String name, List<Tag> tags) {
        double count = 0;
        for (Counter c : Search.in(registry).name(name).tags(tags).counters()) {
            count += c.count();
        }
        return observe(key(name, tags), count, 0);
    }

    private Rate observe(String key, double count, double totalNanos) {
        long now = nanoClock.getAsLong();
        Deque<Sample> kept = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (kept) {
            while (kept.size() > 1 && now - kept.peekFirst().atNanos() > windowNanos) {
                kept.pollFirst();
            }
            Sample oldest = kept.peekFirst();
            if (kept.isEmpty() || now - kept.peekLast().atNanos() >= MIN_SPACING_NANOS) {
                kept.addLast(new Sample(now, count, totalNanos));
            }
            if (oldest == null || now - oldest.atNanos() < MIN_SPACING_NANOS
                    || now - oldest.atNanos() > 2 * windowNanos) {
                return new Rate(Double.NaN, Double.NaN, count);
            }
            double calls = count - oldest.count();
            double seconds = (now - oldest.atNanos()) / 1e9;
            double meanMs = calls > 0 ? (totalNanos - oldest.totalNanos()) / calls / 1e6 : Double.NaN;
            return new Rate(Math.max(0, calls) / seconds, meanMs, count);
        }
    }

    private static String key(String name, List<Tag> tags) {
        return name + tags;
    }
}
