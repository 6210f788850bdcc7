package dev.ficus.traffic;

import java.util.Locale;

/** The side that answers a request or owns a write. */
enum Side {
    LEGACY, MODERN;

    /** @return the lower-case name used in the {@code X-Ficus-Served-By} header and in metric tags */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
