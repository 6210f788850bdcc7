package dev.ficus.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code console:} block of {@code application.yml}: how the migration console refreshes and measures. Every
 * default is there.
 *
 * @param refreshMs    how often the page asks the server for each visible panel's fragment, ms
 * @param rateWindowMs the window over which request rates (req/s, events/s) and mean latencies are computed, ms;
 *                     a rate needs two looks at the meters at least a second apart, so the first look shows none
 * @param historyLimit how many audit entries a route's history shows
 */
@ConfigurationProperties("console")
public record ConsoleProperties(long refreshMs, long rateWindowMs, int historyLimit) {
}
