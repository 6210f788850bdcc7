package dev.ficus.pos.deadletter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One search of a dead-letter queue, fed the queue's messages in queue order (oldest first, as a JMS queue browser
 * gives them) and answering the newest {@code limit} that match, newest first. Holds at most {@code limit} views
 * (never a body), whatever the queue's length.
 *
 * <p>Match: {@code q} blank matches everything; otherwise {@code q} (trimmed) is a case-insensitive substring of the
 * business key fields ({@code businessKey}, its short form {@code store/workstation/sequence}, {@code storeId},
 * {@code workstationId}, {@code sequenceNumber}), {@code requestId}, {@code reason}, {@code detail}, {@code id}, or
 * the body's text ({@link DeadLetterText}; a body that is not text is not searched).
 */
final class DeadLetterSearch {

    /** Largest {@code limit}. */
    static final int MAX_LIMIT = 500;

    private final String needle;
    private final int limit;
    private final Deque<DeadLetter> newest = new ArrayDeque<>();
    private long seen;

    /**
     * @param q     what to look for, or {@code null}/blank for everything
     * @param limit how many to answer, clamped to 1..{@value #MAX_LIMIT}
     */
    DeadLetterSearch(String q, int limit) {
        this.needle = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        this.limit = Math.max(1, Math.min(limit, MAX_LIMIT));
    }

    /** @return whether {@code q} was blank, so no body needs decoding to match */
    boolean matchesAll() {
        return needle == null;
    }

    /**
     * @param letter the next message's view, in queue order
     * @param text   its body text, asked only when the fields do not match ({@code null} text: not searched)
     * @return whether it matched
     */
    boolean offer(DeadLetter letter, Supplier<String> text) {
        seen++;
        if (!matches(letter, text)) {
            return false;
        }
        if (newest.size() == limit) {
            newest.removeFirst();
        }
        newest.addLast(letter);
        return true;
    }

    boolean matches(DeadLetter letter, Supplier<String> text) {
        if (needle == null) {
            return true;
        }
        boolean inFields = Stream.of(letter.businessKey(), letter.shortKey(), letter.storeId(),
                letter.workstationId(), letter.sequenceNumber(), letter.requestId(), letter.reason(),
                letter.detail(), letter.id()).anyMatch(this::contains);
        return inFields || contains(text.get());
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** @return the matches kept, newest (last offered) first */
    List<DeadLetter> newestFirst() {
        List<DeadLetter> out = new ArrayList<>(newest);
        java.util.Collections.reverse(out);
        return out;
    }

    /** @return how many messages were offered */
    long seen() {
        return seen;
    }
}
