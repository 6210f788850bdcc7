package dev.ficus.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the console writes numbers, durations, sizes and instants: short, in UTC, never "NaN". */
final class Formats {

    /** Shown where a value is not known (yet). */
    static final String NONE = "–";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** @return e.g. {@code 12.5/s}, {@code 0/s}, or {@link #NONE} for NaN */
    static String perSecond(double rate) {
        if (Double.isNaN(rate)) {
            return NONE;
        }
        return (rate == 0 ? "0" : rate < 10 ? String.format(Locale.ROOT, "%.1f", rate)
                : String.format(Locale.ROOT, "%.0f", rate)) + "/s";
    }

    /** @return e.g. {@code 3.4 ms}, {@code 120 ms}, or {@link #NONE} for NaN */
    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return NONE;
        }
        return (ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms)) + " ms";
    }

    /** @return a ratio 0..1 as a percentage, e.g. {@code 2.5 %}, or {@link #NONE} for NaN */
    static String percent(double ratio) {
        return Double.isNaN(ratio) ? NONE : String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** @return e.g. {@code 512 B}, {@code 3.2 MB}; {@link #NONE} for a negative (unknown) size */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return NONE;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** @return a duration in ms as the largest whole unit that fits, e.g. {@code 7 d}, {@code 90 s}, {@code 250 ms} */
    static String duration(long ms) {
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "min", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i] && ms % sizes[i] == 0) {
                return ms / sizes[i] + " " + units[i];
            }
        }
        return ms + " ms";
    }

    /** @return an ISO-8601 instant as {@code 2026-12-03 09:20:11Z}, the text itself when it is not one, or {@link #NONE} */
    static String instant(String iso) {
        if (iso == null || iso.isBlank() || iso.equals("null")) {
            return NONE;
        }
        try {
            return INSTANT.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
