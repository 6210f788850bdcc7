package dev.ficus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The guarantee change data capture's crash and failover tests check, on CloudEvents of {@code products} updates that
 * set {@code reorder_level} to 1..n in commit order (one product per {@code subject}).
 */
public final class ChangeEvents {

    private ChangeEvents() {
    }

    /**
     * Every change exactly once (distinct CloudEvents ids, values 1..{@code changes} each once) and each product's
     * changes in commit order (rising values per {@code subject}).
     *
     * @param received the events in the order a durable subscriber received them
     * @param changes  how many updates were committed
     */
    public static void assertExactlyOnceInOrder(List<JsonNode> received, int changes) {
        assertThat(received.stream().map(e -> e.path("id").asText()).distinct().count())
                .as("distinct change events").isEqualTo(received.size());
        Map<Integer, Integer> seen = new TreeMap<>();
        received.forEach(e -> seen.merge(e.at("/data/after/reorder_level").asInt(), 1, Integer::sum));
        List<Integer> missing = IntStream.rangeClosed(1, changes).filter(v -> !seen.containsKey(v)).boxed().toList();
        Map<Integer, Integer> twice = new TreeMap<>(seen);
        twice.values().removeIf(n -> n == 1);
        assertThat(missing).as("changes missing (of %d, %d received)", changes, received.size()).isEmpty();
        assertThat(twice).as("changes received more than once (value -> times)").isEmpty();
        assertThat(seen.keySet()).as("changes that were never written").allMatch(v -> v >= 1 && v <= changes);
        Map<String, Integer> lastPerProduct = new HashMap<>();
        for (JsonNode e : received) {
            int value = e.at("/data/after/reorder_level").asInt();
            Integer previous = lastPerProduct.put(e.path("subject").asText(), value);
            assertThat(previous == null || previous < value)
                    .as("product %s: %s after %s", e.path("subject").asText(), value, previous).isTrue();
        }
    }
}
