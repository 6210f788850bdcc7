package dev.ficus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeterRatesTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong now = new AtomicLong();
    final MeterRates rates = new MeterRates(registry, 10_000, now::get);
    final List<Tag> legacy = List.of(Tag.of("route", "r"), Tag.of("side", "legacy"));

    @Test
    void shouldSumTimersOfBothOutcomesAndAverageOverTheWindow() {
        Timer ok = Timer.builder("t").tags("route", "r", "side", "legacy", "outcome", "success").register(registry);
        Timer error = Timer.builder("t").tags("route", "r", "side", "legacy", "outcome", "error").register(registry);
        Timer.builder("t").tags("route", "r", "side", "modern", "outcome", "success").register(registry)
                .record(Duration.ofSeconds(9));
        assertThat(rates.timer("t", legacy).known()).as("one look is not a rate").isFalse();

        for (int i = 0; i < 15; i++) {
            ok.record(Duration.ofMillis(10));
        }
        for (int i = 0; i < 5; i++) {
            error.record(Duration.ofMillis(50));
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        MeterRates.Rate rate = rates.timer("t", legacy);

        assertThat(rate.perSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(rate.meanMs()).isCloseTo(20.0, within(1e-9));
        assertThat(rate.total()).isEqualTo(20.0);
    }

    @Test
    void shouldForgetLooksOlderThanTheWindow() {
        var counter = registry.counter("c");
        rates.counter("c", List.of());
        counter.increment(1000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(rates.counter("c", List.of()).perSecond()).isCloseTo(200.0, within(1e-9));
        now.addAndGet(TimeUnit.SECONDS.toNanos(7));
        counter.increment(10);
        // the first look (12 s ago) left the 10 s window; the second (7 s ago) is the base now
        assertThat(rates.counter("c", List.of()).perSecond()).isCloseTo(10 / 7.0, within(1e-9));
    }
}
