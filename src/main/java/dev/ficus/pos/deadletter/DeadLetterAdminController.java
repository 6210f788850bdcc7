package dev.ficus.pos.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ficus.platform.web.JsonBodies;
import dev.ficus.platform.web.QueryParameters;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.modulith.NamedInterface;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of POS ingest's dead-letter queues ({@link DeadLetters}), JSON in and out; role {@code operator} (Spring
 * Security answers 401/403 first on every {@code /admin/**} request without it). Errors are RFC 9457
 * {@code application/problem+json} ({@code type, title, status, detail, instance, requestId}) from the application's
 * one problem writer.
 *
 * <ul>
 *   <li>{@code GET /admin/dead-letters}: {@code {"queues":[{"name","messages","resendTo"}]}};</li>
 *   <li>{@code GET /admin/dead-letters/{queue}/messages?q=&limit=50}: {@code {"queue", "messages":[...]}}, the
 *       newest {@code limit} (1..{@value #MAX_MESSAGES}) matching {@code q}, newest first, each {@link DeadLetter#summary()}
 *       ({@link DeadLetterSearch} says what {@code q} is compared with);</li>
 *   <li>{@code GET /admin/dead-letters/{queue}/messages/{id}}: the same members plus {@code headers},
 *       {@code encoding}, {@code body} and, when the bytes are not text, {@code bodyBase64}
 *       ({@link DeadLetters#content}); 404 when it is not in the queue;</li>
 *   <li>{@code POST /admin/dead-letters/{queue}/resend} with {@code {"ids":[...],"reason":"..."}} (reason
 *       optional): {@code {"resent":[ids],"missing":[ids]}} ({@link Resend}); 422 when one of them is neither bytes
 *       nor text (nothing moved);</li>
 *   <li>{@code POST /admin/dead-letters/{queue}/discard} with {@code {"ids":[...],"reason":"..."}} (reason
 *       required): {@code {"discarded":[ids],"missing":[ids]}};</li>
 *   <li>{@code GET /admin/dead-letters/audit?limit=100}: {@code {"audit":[{"id","at","principal","action","queue",
 *       "messageId","businessKey","reason"}]}}, newest first, limit 1..{@value #MAX_AUDIT}.</li>
 * </ul>
 * 404 for a queue that is not one of the configured dead-letter queues (no other address is ever touched); 400
 * "Invalid parameter" for a {@code limit} that is not a whole number within its range (never clamped; the detail
 * and the members {@code parameter, value, minimum, maximum} say which, see {@link QueryParameters}); 400 "Invalid
 * selection" for a body that is not JSON (the detail gives Jackson's line and column and the expected shape), one
 * whose {@code ids} are not strings (a number is not coerced: {@code [123]} is refused) or whose {@code reason} is
 * not a string, a body without {@code ids} (1..{@value #MAX_IDS} of them), a blank discard reason, a reason over
 * {@value #MAX_REASON_CHARS} characters ({@link JsonBodies}); 413 for a body over
 * {@code ficus.security.max-admin-request-bytes} (before this controller); 503 when the broker or the audit database cannot be reached (nothing
 * moved). Resends and discards are audited with the authenticated principal's name.
 *
 * <p>Named interface {@code dead-letters} of POS ingest: the migration console renders the answers of the public
 * read methods; its resends and discards go through the endpoints above.
 */
@NamedInterface("dead-letters")
@RestController
@RequestMapping(path = "/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterAdminController {

    /** Most ids in one resend or discard. */
    static final int MAX_IDS = 500;
    /** Longest reason, characters. */
    static final int MAX_REASON_CHARS = 1000;
    /** Largest {@code limit} of a message search. */
    static final int MAX_MESSAGES = DeadLetterSearch.MAX_LIMIT;
    /** Largest {@code limit} of the audit. */
    static final int MAX_AUDIT = DeadLetterAudit.MAX_LIMIT;
    /** The body of a resend or discard, as the refusals show it. */
    static final String SHAPE = "{\"ids\": [\"ID:...\", ...], \"reason\": \"...\"}";

    /**
     * Body of a resend or discard, JSON; unknown members are ignored, scalars are not coerced (an id or reason
     * that is a number or boolean is refused).
     *
     * @param ids    JMS message ids as listed, strings, 1..{@value #MAX_IDS} (duplicates count once)
     * @param reason why (kept in the audit): optional for a resend, required for a discard
     */
    public record Selection(List<String> ids, String reason) {
    }

    private final DeadLetters deadLetters;
    private final ObjectReader selections;

    DeadLetterAdminController(DeadLetters deadLetters, ObjectMapper json) {
        this.deadLetters = deadLetters;
        this.selections = JsonBodies.strict(json).readerFor(Selection.class);
    }

    /** @return {@code GET /admin/dead-letters} (shape above) */
    @GetMapping
    public Map<String, Object> queues() {
        return Map.of("queues", answer(deadLetters::queues));
    }

    @GetMapping("/audit")
    Map<String, Object> audit(@RequestParam(name = "limit", required = false) String limit) {
        int n = QueryParameters.intIn("limit", limit, 100, 1, MAX_AUDIT);
        return Map.of("audit", answer(() -> deadLetters.audit(n)));
    }

    @GetMapping("/{queue}/messages")
    Map<String, Object> messages(@PathVariable("queue") String queue,
                                 @RequestParam(name = "q", required = false) String q,
                                 @RequestParam(name = "limit", required = false) String limit) {
        return messages(queue, q, QueryParameters.intIn("limit", limit, 50, 1, MAX_MESSAGES));
    }

    /**
     * @param limit how many, 1..{@value #MAX_MESSAGES}
     * @return {@code GET /admin/dead-letters/{queue}/messages?q=&limit=} (shape above)
     * @throws ErrorResponseException 404 for an unknown queue, 400 for a {@code limit} outside its range, 503 when
     *                                the broker cannot be reached
     */
    public Map<String, Object> messages(String queue, String q, int limit) {
        if (limit < 1 || limit > MAX_MESSAGES) {
            throw QueryParameters.invalid("limit", String.valueOf(limit), 1, MAX_MESSAGES);
        }
        known(queue);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("queue", queue);
        json.put("messages", answer(() -> deadLetters.search(queue, q, limit)).stream().map(DeadLetter::summary)
                .toList());
        return json;
    }

    /**
     * @return {@code GET /admin/dead-letters/{queue}/messages/{id}} (shape above)
     * @throws ErrorResponseException 404 for an unknown queue or message, 503 when the broker cannot be reached
     */
    @GetMapping("/{queue}/messages/{id}")
    public Map<String, Object> message(@PathVariable("queue") String queue, @PathVariable("id") String id) {
        known(queue);
        return answer(() -> deadLetters.content(queue, id)).orElseThrow(() -> problem(404, "Unknown dead letter",
                "no message " + id + " in " + queue));
    }

    @PostMapping(path = "/{queue}/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> resend(@PathVariable("queue") String queue, @RequestBody(required = false) String body,
                               Authentication authentication) {
        known(queue);
        Selection selection = selection(body);
        List<String> ids = ids(selection);
        String reason = reason(selection, false);
        String principal = principal(authentication);
        return outcome("resent", answer(() -> deadLetters.resend(queue, ids, reason, principal)));
    }

    @PostMapping(path = "/{queue}/discard", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discard(@PathVariable("queue") String queue, @RequestBody(required = false) String body,
                                Authentication authentication) {
        known(queue);
        Selection selection = selection(body);
        List<String> ids = ids(selection);
        String reason = reason(selection, true);
        String principal = principal(authentication);
        return outcome("discarded", answer(() -> deadLetters.discard(queue, ids, reason, principal)));
    }

    private static Map<String, Object> outcome(String done, DeadLetters.Outcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(done, outcome.done());
        json.put("missing", outcome.missing());
        return json;
    }

    private void known(String queue) {
        if (!deadLetters.known(queue)) {
            throw problem(404, "Unknown dead-letter queue", queue + " is not a dead-letter queue of Ficus; known: "
                    + String.join(", ", deadLetters.names()));
        }
    }

    /** @return the body as a {@link Selection}; 400 "Invalid selection" saying why it is not one */
    private Selection selection(String body) {
        return JsonBodies.read(selections, body, "a JSON selection", SHAPE,
                detail -> problem(400, "Invalid selection", detail));
    }

    private static List<String> ids(Selection selection) {
        if (selection == null || selection.ids() == null || selection.ids().isEmpty()) {
            throw problem(400, "Invalid selection", "ids is required: a non-empty array of message ids");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : selection.ids()) {
            if (id == null || id.isBlank()) {
                throw problem(400, "Invalid selection", "ids must not contain null or blank entries");
            }
            ids.add(id.strip());
        }
        if (ids.size() > MAX_IDS) {
            throw problem(400, "Invalid selection", "at most " + MAX_IDS + " ids at once, not " + ids.size());
        }
        return new ArrayList<>(ids);
    }

    private static String reason(Selection selection, boolean required) {
        String reason = selection == null || selection.reason() == null ? null : selection.reason().strip();
        if (required && (reason == null || reason.isEmpty())) {
            throw problem(400, "Invalid selection", "reason is required: why the messages are discarded");
        }
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            throw problem(400, "Invalid selection", "reason is longer than " + MAX_REASON_CHARS + " characters");
        }
        return reason == null || reason.isEmpty() ? null : reason;
    }

    private static String principal(Authentication authentication) {
        String name = authentication == null ? null : authentication.getName();
        if (name == null || name.isBlank()) {
            throw problem(401, "Unauthenticated", "a resend or discard needs an authenticated principal");
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** A call to the broker or the audit database. */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws JMSException;
    }

    /** Runs {@code call}, its failures answered as problems: 503 broker or database, 422 not resendable. */
    private static <T> T answer(Call<T> call) {
        try {
            return call.run();
        } catch (JMSException | JMSRuntimeException e) {
            throw problem(503, "Broker unavailable", "the dead-letter queues cannot be reached, nothing was changed: "
                    + e.getMessage());
        } catch (DataAccessException e) {
            throw problem(503, "Audit unavailable", "the audit database cannot be reached, nothing was changed: "
                    + e.getMostSpecificCause().getMessage());
        } catch (IllegalArgumentException e) {
            throw problem(422, "Not resendable", e.getMessage() + "; nothing was changed (discard it instead)");
        }
    }

    private static ErrorResponseException problem(int status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setTitle(title);
        return new ErrorResponseException(HttpStatusCode.valueOf(status), problem, null);
    }
}
