package dev.ficus.console;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dead-letter admin API's read answers as JSON trees, in the shapes of its HTTP contract (README, "Connecting a
 * till"): the console renders them, its actions go to the HTTP API itself ({@code POST /admin/dead-letters/{queue}/resend|discard}).
 * The dead-letter queues' owner provides the one implementation; without it the panel says the API is missing.
 */
interface DeadLetterApi {

    /** @return {@code GET /admin/dead-letters}: {@code {"queues":[{"name","messages","resendTo"}]}} */
    JsonNode queues();

    /**
     * @param queue a dead-letter queue, e.g. {@code pos.inbound.DLQ}
     * @param q     search text (business key, request id, reason, ...), or null for all
     * @param limit most messages answered
     * @return {@code GET /admin/dead-letters/{queue}/messages?q=&limit=}: {@code {"queue","messages":[{"id","reason",
     *         "detail","channel","receivedAt","storeId","workstationId","sequenceNumber","businessKey","requestId",
     *         "bytes"}]}}, newest first
     */
    JsonNode messages(String queue, String q, int limit);

    /**
     * @return {@code GET /admin/dead-letters/{queue}/messages/{id}}: a message's summary plus {@code headers} and
     *         {@code body} (text) or {@code bodyBase64}
     */
    JsonNode message(String queue, String id);
}
