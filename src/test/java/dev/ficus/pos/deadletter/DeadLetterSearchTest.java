package dev.ficus.pos.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DeadLetterSearchTest {

    static DeadLetter letter(int n, String key, String reason) {
        String[] parts = key == null ? null : key.split("/");
        return new DeadLetter("ID:" + n, reason, "detail " + n, "http", Instant.ofEpochSecond(n),
                parts == null ? null : parts[0], parts == null ? null : parts[1], parts == null ? null : parts[3],
                key, "req-" + n, 100 + n);
    }

    static List<String> ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toList();
    }

    @Test
    void shouldAnswerTheNewestFirstAndKeepOnlyTheNewestLimitWhenTheQueryIsBlank() {
        DeadLetterSearch search = new DeadLetterSearch("  ", 3);
        for (int n = 1; n <= 7; n++) {
            search.offer(letter(n, "77/3/2024-03-01/" + n, "malformed-xml"), () -> null);
        }

        assertThat(ids(search.newestFirst())).containsExactly("ID:7", "ID:6", "ID:5");
        assertThat(search.seen()).isEqualTo(7);
        assertThat(search.matchesAll()).isTrue();
    }

    @Test
    void shouldFindByBusinessKeyItsShortFormAndItsPartsIgnoringCase() {
        List<DeadLetter> queue = List.of(letter(1, "9/34/2017-09-30/160", "malformed-xml"),
                letter(2, "400/3/2024-03-10/700", "KEY-CONFLICT"), letter(3, null, "wrong-root"));

        assertThat(ids(search(queue, "400/3/2024-03-10/700", 50, n -> null))).containsExactly("ID:2");
        assertThat(ids(search(queue, "9/34/160", 50, n -> null))).as("store/till/sequence").containsExactly("ID:1");
        assertThat(ids(search(queue, "key-conflict", 50, n -> null))).containsExactly("ID:2");
        assertThat(ids(search(queue, "REQ-3", 50, n -> null))).as("request id").containsExactly("ID:3");
        assertThat(ids(search(queue, " id:1 ", 50, n -> null))).as("message id, trimmed").containsExactly("ID:1");
        assertThat(ids(search(queue, "2017-09-30", 50, n -> null))).containsExactly("ID:1");
        assertThat(search(queue, "nowhere", 50, n -> null)).isEmpty();
    }

    @Test
    void shouldSearchTheBodyTextOnlyWhenTheFieldsDoNotMatch() {
        List<DeadLetter> queue = List.of(letter(1, "1/1/2024-01-01/1", "malformed-xml"),
                letter(2, "1/1/2024-01-01/2", "malformed-xml"), letter(3, "1/1/2024-01-01/3", "malformed-xml"));
        AtomicInteger decoded = new AtomicInteger();

        List<DeadLetter> found = search(queue, "bRöTcHeN", 50, n -> {
            decoded.incrementAndGet();
            return n == 2 ? "<Description>Müller Brötchen</Description>" : n == 3 ? null : "<POSLog/>";
        });

        assertThat(ids(found)).containsExactly("ID:2");
        assertThat(decoded).hasValue(3);
        decoded.set(0);
        assertThat(ids(search(queue, "malformed", 50, n -> {
            decoded.incrementAndGet();
            return "";
        }))).containsExactly("ID:3", "ID:2", "ID:1");
        assertThat(decoded).as("no body decoded when a field matches").hasValue(0);
    }

    @Test
    void shouldKeepTheNewestMatchesOnlyAmongManyMatchesAndNonMatches() {
        List<DeadLetter> queue = new ArrayList<>();
        for (int n = 1; n <= 1000; n++) {
            queue.add(letter(n, "5/1/2024-01-01/" + n, n % 2 == 0 ? "key-conflict" : "missing-ids"));
        }

        assertThat(ids(search(queue, "key-conflict", 4, n -> null)))
                .containsExactly("ID:1000", "ID:998", "ID:996", "ID:994");
    }

    @Test
    void shouldClampTheLimitTo1Through500() {
        List<DeadLetter> queue = new ArrayList<>();
        for (int n = 1; n <= 600; n++) {
            queue.add(letter(n, null, "wrong-root"));
        }

        assertThat(search(queue, null, 0, n -> null)).hasSize(1);
        assertThat(search(queue, null, -5, n -> null)).hasSize(1);
        assertThat(search(queue, null, 10_000, n -> null)).hasSize(DeadLetterSearch.MAX_LIMIT);
        assertThat(search(queue, null, 500, n -> null).get(0).id()).isEqualTo("ID:600");
    }

    /** Offers {@code queue} in order; {@code text} gives the body of message n. */
    static List<DeadLetter> search(List<DeadLetter> queue, String q, int limit,
                                   java.util.function.IntFunction<String> text) {
        DeadLetterSearch search = new DeadLetterSearch(q, limit);
        for (DeadLetter letter : queue) {
            int n = Integer.parseInt(letter.id().substring(3));
            Supplier<String> body = () -> text.apply(n);
            search.offer(letter, body);
        }
        return search.newestFirst();
    }
}
