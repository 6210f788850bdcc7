package dev.ficus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.traffic.JsonComparator;
import dev.ficus.traffic.TrafficRoute;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the shadow comparison of traffic control, as a shadow does it per request: both canonical JSON answers read
 * into trees and compared by {@link JsonComparator} under a route's rules. Cases: product 11 equal on both sides,
 * product 11 with a different price (one differing path), and a page of products with an unordered array and a
 * case-insensitive path (the rules of {@code facade-list-products}). Average time per comparison, µs.
 * Run alone: {@code java -cp <test class path> org.openjdk.jmh.Main ShadowDiffBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShadowDiffBench {

    private static final String PRODUCT = "{\"id\":11,\"name\":\"Queso Cabrales\",\"supplierId\":5,\"categoryId\":4,"
            + "\"categoryName\":\"Dairy Products\",\"quantityPerUnit\":\"1 kg pkg.\",\"unitPrice\":{\"amount\":\"21.00\","
            + "\"currency\":\"USD\"},\"unitsInStock\":22,\"unitsOnOrder\":30,\"reorderLevel\":30,\"discontinued\":false}";

    private final ObjectMapper mapper = new ObjectMapper();
    private JsonComparator plain;
    private JsonComparator listRules;
    private String repriced;
    private String page;
    private String pageShuffled;

    /** Builds the comparators and the documents. */
    @Setup
    public void setUp() {
        plain = new JsonComparator(new TrafficRoute.CompareRules(null, null, null, null, null), List.of());
        listRules = new JsonComparator(new TrafficRoute.CompareRules(null, null, List.of("$.items"),
                List.of("$.items[*].name"), null), List.of());
        repriced = PRODUCT.replace("21.00", "21.50");
        StringBuilder items = new StringBuilder();
        StringBuilder reversed = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            String item = PRODUCT.replace("\"id\":11", "\"id\":" + i);
            items.append(i > 1 ? "," : "").append(item);
            reversed.insert(0, item.replace("Queso", "QUESO") + (i > 1 ? "," : ""));
        }
        page = "{\"items\":[" + items + "],\"totalCount\":10,\"page\":0,\"size\":10}";
        pageShuffled = "{\"totalCount\":10,\"page\":0,\"size\":10,\"items\":[" + reversed + "]}";
    }

    /** @return no difference: product 11 on both sides */
    @Benchmark
    public List<String> productEqual() throws Exception {
        return plain.diff(read(PRODUCT), read(PRODUCT));
    }

    /** @return one difference: the price */
    @Benchmark
    public List<String> productRepriced() throws Exception {
        return plain.diff(read(PRODUCT), read(repriced));
    }

    /** @return no difference: a page of ten, other order and letter case on the modern side */
    @Benchmark
    public List<String> pageUnordered() throws Exception {
        return listRules.diff(read(page), read(pageShuffled));
    }

    private JsonNode read(String json) throws Exception {
        return mapper.readTree(json);
    }
}
