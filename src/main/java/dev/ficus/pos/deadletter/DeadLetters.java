package dev.ficus.pos.deadletter;

import dev.ficus.pos.PosProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * POS ingest's dead-letter queues as an operator handles them: look into them, resend to where a message came from,
 * discard, every action audited ({@link DeadLetterAudit}). Only the configured queues are known, each with the
 * queue a resend goes to: {@code pos.dead-letter-queue} ({@code pos.inbound.DLQ}) to {@code pos.queue}
 * ({@code pos.inbound}) and {@code pos.posting.dead-letter-queue} ({@code pos.posting.DLQ}) to
 * {@code pos.posting.queue} ({@code pos.posting}). The broker is reached with plain JMS ({@link DeadLetterQueues}),
 * so the embedded and an external broker work alike.
 *
 * <p>Errors: {@link JMSException} when the broker cannot be reached; Spring's
 * {@link org.springframework.dao.DataAccessException} when the audit cannot be written (then nothing moved).
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * What a resend or discard did.
     *
     * @param done    the ids resent or discarded, in the order asked
     * @param missing the ids not in the queue, in the order asked
     */
    public record Outcome(List<String> done, List<String> missing) {
    }

    private final Map<String, String> resendTo = new LinkedHashMap<>();
    private final DeadLetterQueues queues;
    private final DeadLetterAudit audit;

    DeadLetters(PosProperties pos, ConnectionFactory connectionFactory,
                @Qualifier("ficusDataSource") DataSource ficusDataSource) {
        resendTo.put(pos.deadLetterQueue(), pos.queue());
        resendTo.put(pos.posting().deadLetterQueue(), pos.posting().queue());
        this.queues = new DeadLetterQueues(connectionFactory);
        this.audit = new DeadLetterAudit(ficusDataSource);
    }

    /** @return whether {@code queue} is one of the configured dead-letter queues */
    public boolean known(String queue) {
        return resendTo.containsKey(queue);
    }

    /** @return the configured dead-letter queues, in configuration order */
    public List<String> names() {
        return List.copyOf(resendTo.keySet());
    }

    /**
     * @return per configured queue {@code name}, {@code messages} (count) and {@code resendTo}
     * @throws JMSException when the broker cannot be reached
     */
    public List<Map<String, Object>> queues() throws JMSException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, String> queue : resendTo.entrySet()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", queue.getKey());
            json.put("messages", queues.count(queue.getKey()));
            json.put("resendTo", queue.getValue());
            out.add(json);
        }
        return out;
    }

    /**
     * Reads the whole queue (nothing consumed) and keeps the newest matches ({@link DeadLetterSearch}).
     *
     * @param queue a configured dead-letter queue
     * @param q     what to look for, blank for everything
     * @param limit how many, clamped to 1..500
     * @return the matches, newest first
     * @throws JMSException when the broker cannot be reached
     */
    public List<DeadLetter> search(String queue, String q, int limit) throws JMSException {
        DeadLetterSearch search = new DeadLetterSearch(q, limit);
        queues.browse(queue, null, message -> {
            Supplier<String> text = text(message);
            search.offer(DeadLetter.of(message, text), text);
        });
        return search.newestFirst();
    }

    /**
     * @param queue a configured dead-letter queue
     * @param id    a JMS message id
     * @return the {@link DeadLetter#summary()} members, {@code headers} (every JMS property, by name),
     *         {@code encoding} (the body's, {@link DeadLetterText}), {@code body} (the original bytes as text, or
     *         {@code null} when they are not valid text in that encoding) and then {@code bodyBase64}; empty when
     *         the message is not in the queue
     * @throws JMSException when the broker cannot be reached
     */
    public Optional<Map<String, Object>> content(String queue, String id) throws JMSException {
        return queues.find(queue, id).map(message -> {
            DeadLetterText text = DeadLetterText.of(message);
            Map<String, Object> json = DeadLetter.of(message, text::text).summary();
            json.put("headers", new TreeMap<>(message.properties()));
            json.put("encoding", text.charset().name());
            json.put("body", text.text());
            if (text.text() == null) {
                json.put("bodyBase64", Base64.getEncoder().encodeToString(message.body()));
            }
            return json;
        });
    }

    /**
     * Moves the messages back to the queue they came from ({@link Resend}), in one broker transaction, audited.
     *
     * @param queue     a configured dead-letter queue
     * @param ids       JMS message ids, without duplicates
     * @param reason    the operator's reason, or {@code null}
     * @param principal who asks
     * @return resent and missing ids
     * @throws JMSException             when the broker cannot be reached (nothing moved)
     * @throws IllegalArgumentException when one of them is neither bytes nor text (nothing moved)
     */
    public Outcome resend(String queue, List<String> ids, String reason, String principal) throws JMSException {
        return act(queue, ids, resendTo.get(queue), reason, principal);
    }

    /**
     * Removes the messages, in one broker transaction, audited.
     *
     * @param queue     a configured dead-letter queue
     * @param ids       JMS message ids, without duplicates
     * @param reason    the operator's reason
     * @param principal who asks
     * @return discarded and missing ids
     * @throws JMSException when the broker cannot be reached (nothing removed)
     */
    public Outcome discard(String queue, List<String> ids, String reason, String principal) throws JMSException {
        return act(queue, ids, null, reason, principal);
    }

    private Outcome act(String queue, List<String> ids, String target, String reason, String principal)
            throws JMSException {
        String action = target == null ? "discard" : "resend";
        AtomicBoolean committed = new AtomicBoolean();
        DeadLetterQueues.Taken taken = queues.take(queue, ids, target, (letters, commit) -> {
            List<DeadLetterAudit.Entry> entries = letters.stream().map(letter -> new DeadLetterAudit.Entry(
                    principal, action, queue, letter.id(), DeadLetter.of(letter, text(letter)).businessKey(), target,
                    reason)).toList();
            try {
                audit.inTransaction(entries, () -> {
                    commit.run();
                    committed.set(true);
                });
            } catch (RuntimeException e) {
                if (!committed.get()) {
                    throw e;
                }
                log.error("{} of {} message(s) of {} by {} done, but its audit could not be written: {}", action,
                        letters.size(), queue, principal, e.toString());
            }
        });
        List<String> done = taken.taken().stream().map(DeadLetterMessage::id).toList();
        log.info("{}: {} {} of {}{}; missing {}", principal, action, done, queue,
                target == null ? "" : " to " + target, taken.missing());
        return new Outcome(done, taken.missing());
    }

    /**
     * @param limit how many, clamped to 1..1000
     * @return the newest audit rows first ({@link DeadLetterAudit#newest})
     */
    public List<Map<String, Object>> audit(int limit) {
        return audit.newest(limit);
    }

    /** @return the message's body text, decoded at most once and only when asked */
    private static Supplier<String> text(DeadLetterMessage message) {
        DeadLetterText[] decoded = new DeadLetterText[1];
        return () -> {
            if (decoded[0] == null) {
                decoded[0] = DeadLetterText.of(message);
            }
            return decoded[0].text();
        };
    }
}
