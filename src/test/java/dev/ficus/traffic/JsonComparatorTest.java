package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonComparatorTest {

    private final ObjectMapper json = new ObjectMapper();

    private List<String> diff(TrafficRoute.CompareRules rules, String a, String b) throws Exception {
        return new JsonComparator(rules, List.of()).diff(json.readTree(a), json.readTree(b));
    }

    private static TrafficRoute.CompareRules rules(List<String> ignore, double tolerance, List<String> unordered,
                                                   List<String> caseInsensitive) {
        return new TrafficRoute.CompareRules(ignore, tolerance, unordered, caseInsensitive, null);
    }

    private static final TrafficRoute.CompareRules STRICT = rules(null, 0, null, null);

    @Test
    void shouldIgnoreKeyOrderAndCompareNumbersByValue() throws Exception {
        assertThat(diff(STRICT, "{\"a\":1,\"b\":{\"x\":2.0}}", "{\"b\":{\"x\":2},\"a\":1.00}")).isEmpty();
    }

    @Test
    void shouldNameEveryDifferingPathIncludingMissingAndExtraFields() throws Exception {
        assertThat(diff(STRICT,
                "{\"id\":1,\"unitPrice\":{\"amount\":\"21.00\"},\"items\":[{\"n\":\"a\"},{\"n\":\"b\"}],\"gone\":1}",
                "{\"id\":1,\"unitPrice\":{\"amount\":\"21.50\"},\"items\":[{\"n\":\"a\"},{\"n\":\"B\"}],\"new\":2}"))
                .containsExactly("$.gone", "$.items[1].n", "$.new", "$.unitPrice.amount");
    }

    @Test
    void shouldSkipIgnoredPathsWithWildcards() throws Exception {
        var rules = rules(List.of("$.items[*].stamp", "$.meta"), 0, null, null);
        assertThat(diff(rules, "{\"items\":[{\"stamp\":1,\"v\":1}],\"meta\":{\"t\":1}}",
                "{\"items\":[{\"stamp\":2,\"v\":1}],\"meta\":{\"t\":9}}")).isEmpty();
    }

    @Test
    void shouldAcceptNumbersAndNumericStringsWithinTheTolerance() throws Exception {
        var rules = rules(null, 0.01, null, null);
        assertThat(diff(rules, "{\"a\":\"21.00\",\"b\":3.001}", "{\"a\":\"21.01\",\"b\":3.0}")).isEmpty();
        assertThat(diff(rules, "{\"a\":\"21.00\"}", "{\"a\":\"21.02\"}")).containsExactly("$.a");
        assertThat(diff(STRICT, "{\"a\":\"21.00\"}", "{\"a\":\"21.0\"}")).containsExactly("$.a");
    }

    @Test
    void shouldCompareUnorderedArraysAsMultisets() throws Exception {
        var rules = rules(null, 0, List.of("$.items"), null);
        assertThat(diff(rules, "{\"items\":[{\"id\":1},{\"id\":2},{\"id\":2}]}",
                "{\"items\":[{\"id\":2},{\"id\":1},{\"id\":2}]}")).isEmpty();
        assertThat(diff(rules, "{\"items\":[{\"id\":1},{\"id\":2}]}", "{\"items\":[{\"id\":2},{\"id\":3}]}"))
                .containsExactly("$.items[0]", "$.items[2]");
        assertThat(diff(STRICT, "{\"items\":[1,2]}", "{\"items\":[2,1]}")).containsExactly("$.items[0]", "$.items[1]");
    }

    @Test
    void shouldCompareCaseInsensitivelyOnlyWhereDeclared() throws Exception {
        var rules = rules(null, 0, null, List.of("$.items[*].name"));
        assertThat(diff(rules, "{\"items\":[{\"name\":\"Chai\",\"c\":\"x\"}]}", "{\"items\":[{\"name\":\"CHAI\",\"c\":\"X\"}]}"))
                .containsExactly("$.items[0].c");
    }

    @Test
    void shouldIgnoreLearnedNoiseAndGeneraliseIndexes() throws Exception {
        JsonNode a = json.readTree("{\"items\":[{\"t\":1},{\"t\":2}],\"v\":1}");
        JsonNode b = json.readTree("{\"items\":[{\"t\":5},{\"t\":6}],\"v\":2}");
        assertThat(new JsonComparator(STRICT, List.of(JsonComparator.generalise("$.items[0].t"))).diff(a, b))
                .containsExactly("$.v");
        assertThat(JsonComparator.generalise("$.a[12].b[3]")).isEqualTo("$.a[*].b[*]");
    }

    @Test
    void shouldReportTypeChangesAndNulls() throws Exception {
        assertThat(diff(STRICT, "{\"a\":1,\"b\":null,\"c\":[1]}", "{\"a\":\"1\",\"b\":0,\"c\":{}}"))
                .containsExactly("$.a", "$.b", "$.c");
    }
}
