package dev.ficus.pos;

import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code pos:} block of {@code application.yml} (defaults and environment variables there): POS ingest from the
 * queue, HTTP and the drop directory, and posting to legacy. The routes under {@code routes/pos/} read the same keys
 * as placeholders ({@code {{pos.queue}}}).
 *
 * @param queue                     Artemis anycast queue tills send POSLog documents to, e.g. {@code pos.inbound}
 * @param queueConsumers            concurrent consumers of {@code queue}
 * @param deadLetterQueue           anycast queue of refused documents and transactions (original bytes and reason
 *                                  headers), also the broker's dead-letter address of {@code queue}
 * @param queueMaxDeliveryAttempts  broker deliveries of a document that fails before it goes to
 *                                  {@code deadLetterQueue}
 * @param queueRedeliveryDelayMs    first redelivery delay of {@code queue}, ms, doubled each time ...
 * @param queueMaxRedeliveryDelayMs ... up to this, ms
 * @param duplicateIdCacheSize      duplicate ids the broker remembers per {@code retail.pos.*} address
 * @param maxDocumentBytes          largest HTTP or queue document, bytes
 * @param defaultCurrency           ISO 4217 code when a transaction names no currency
 * @param defaultTimeZone           time zone of a store not listed in {@code stores}: a transaction without
 *                                  {@code BusinessDayDate} gets the date of its begin (else end) time in it
 * @param laterVersionWins          for a store not listed in {@code stores}: a transaction whose key was published
 *                                  with other content is published as a correction of it ({@code true}) or
 *                                  dead-lettered as {@code key-conflict} ({@code false})
 * @param dialectsDirectory         directory of the POSLog dialect files {@code *.yml} ({@link PosDialects})
 * @param stores                    per store id ({@code RetailStoreID} or {@code BusinessUnit/UnitID}): settings
 *                                  that differ from the defaults above; empty by default
 * @param drop                      the drop directory of batch files
 * @param posting                   posting sales and returns to legacy
 * @param broker                    how much the broker holds for POS before it refuses producers
 */
@ConfigurationProperties("pos")
public record PosProperties(
        String queue,
        int queueConsumers,
        String deadLetterQueue,
        int queueMaxDeliveryAttempts,
        long queueRedeliveryDelayMs,
        long queueMaxRedeliveryDelayMs,
        int duplicateIdCacheSize,
        long maxDocumentBytes,
        String defaultCurrency,
        ZoneId defaultTimeZone,
        boolean laterVersionWins,
        String dialectsDirectory,
        Map<String, Store> stores,
        Drop drop,
        Posting posting,
        Broker broker) {

    /** A missing {@code stores} block (no store of its own) is an empty map. */
    public PosProperties {
        stores = stores == null ? Map.of() : Map.copyOf(stores);
    }

    /**
     * One store's own settings; a component left out takes the default of {@link PosProperties}.
     *
     * @param timeZone         the store's time zone, e.g. {@code Europe/Berlin}, or {@code null}
     * @param laterVersionWins whether a changed transaction under a known key is a correction, or {@code null}
     */
    public record Store(ZoneId timeZone, Boolean laterVersionWins) {
    }

    /** @return the time zone of {@code storeId}: its own, else {@code defaultTimeZone} */
    public ZoneId timeZone(String storeId) {
        Store store = stores == null ? null : stores.get(storeId);
        return store != null && store.timeZone() != null ? store.timeZone() : defaultTimeZone;
    }

    /** @return whether {@code storeId} treats a later version of a transaction as a correction */
    public boolean laterVersionWins(String storeId) {
        Store store = stores == null ? null : stores.get(storeId);
        return store != null && store.laterVersionWins() != null ? store.laterVersionWins() : laterVersionWins;
    }

    /**
     * The drop directory (route {@code pos-receive-files}).
     *
     * @param enabled      poll the directory at all
     * @param directory    where batch files {@code *.xml} are dropped; {@code done/} and {@code error/} inside
     * @param maxFileBytes largest batch file, bytes
     * @param pollDelayMs  pause between polls, ms
     * @param minAgeMs     a file must be unchanged this long before it is read, ms
     */
    public record Drop(boolean enabled, String directory, long maxFileBytes, long pollDelayMs, long minAgeMs) {
    }

    /**
     * Posting every sale and return event to RetailCore's SOAP PostSale (route {@code pos-posting}).
     *
     * @param enabled              consume {@code queue} and post
     * @param queue                anycast queue the broker copies sale and return events into (diverts)
     * @param deadLetterQueue      events that could not be posted, with reason headers
     * @param legacyUrl            base URL where RetailCore's {@code /retailcore/soap/PosPosting} answers
     * @param timeoutMs            response time-out of one post, ms
     * @param maxRedeliveries      retries of a failed post
     * @param redeliveryDelayMs    first retry delay, ms, doubled each time ...
     * @param maxRedeliveryDelayMs ... up to this, ms
     * @param maxDeliveryAttempts  broker deliveries (e.g. across crashes) before {@code deadLetterQueue}
     */
    public record Posting(boolean enabled, String queue, String deadLetterQueue, String legacyUrl, long timeoutMs,
                          int maxRedeliveries, long redeliveryDelayMs, long maxRedeliveryDelayMs,
                          int maxDeliveryAttempts) {
    }

    /**
     * The broker's budget for POS (Artemis address settings of {@code queue} and the two dead-letter queues).
     *
     * @param queueMaxBytes            messages {@code queue} may hold, bytes (Artemis {@code max-size-bytes}); then
     *                                 {@code queueFullPolicy}. Artemis counts only the headers of a large message
     *                                 (over 100 KiB by default) here, so ...
     * @param queueMaxMessages         ... messages {@code queue} may hold (Artemis {@code max-size-messages}), large
     *                                 ones included; then {@code queueFullPolicy}
     * @param queueFullPolicy          {@code FAIL}: a send over the budget is refused with an error naming the full
     *                                 address ({@code AMQ229102}); {@code BLOCK}: the producer waits (producer flow
     *                                 control) until Ficus has drained the queue
     * @param deadLetterMaxBytes       bytes a dead-letter queue keeps in memory before it pages to disk
     * @param deadLetterPageLimitBytes bytes a dead-letter queue may page to disk; then new dead letters are refused
     *                                 (Artemis {@code page-limit-bytes}, {@code page-full-policy=FAIL})
     */
    public record Broker(long queueMaxBytes, long queueMaxMessages, FullPolicy queueFullPolicy, long deadLetterMaxBytes,
                         long deadLetterPageLimitBytes) {
    }

    /** What the broker does with a send to a full {@code pos.inbound}. */
    public enum FullPolicy { FAIL, BLOCK }
}
