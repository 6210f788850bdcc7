package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code PUT /admin/traffic/routes/{id}/compare} accepts, and that the comparator reads it as meant. */
class CompareRulesEditTest {

    static CompareRulesEdit edit(List<String> ignore, Double tolerance, TrafficRoute.NoiseLearning noise,
                                 String reason) {
        return new CompareRulesEdit(ignore, tolerance, null, null, noise, reason, null);
    }

    static void refused(CompareRulesEdit edit, String detail) {
        assertThatThrownBy(edit::rules).isInstanceOfSatisfying(TrafficException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.title()).isEqualTo("Invalid compare rules");
            assertThat(e.getMessage()).isEqualTo(detail);
        });
    }

    @Test
    void shouldAcceptEveryPathTheComparatorWrites() {
        for (String path : List.of("$", "$.a", "$.a.b[*].c", "$.items[3].unitPrice.amount", "$.*", "$.*.id",
                "$[*]", "$[0][1]", "$.price*", "$.first name", "$.a-b_c", " $.padded ")) {
            assertThat(CompareRulesEdit.pathProblem(path)).as(path).isNull();
        }
    }

    @Test
    void shouldSayWhatIsWrongWithAPath() {
        assertThat(CompareRulesEdit.pathProblem("a.b")).isEqualTo("must start with $ (the document), e.g. "
                + "$.items[*].price");
        assertThat(CompareRulesEdit.pathProblem("$..a")).startsWith("has no valid step at character 2 ('..a')");
        assertThat(CompareRulesEdit.pathProblem("$.a[x]")).startsWith("has no valid step at character 4 ('[x]')");
        assertThat(CompareRulesEdit.pathProblem("$.a[*")).startsWith("has no valid step at character 4");
        assertThat(CompareRulesEdit.pathProblem("$a")).startsWith("has no valid step at character 2 ('a')");
        assertThat(CompareRulesEdit.pathProblem("$.a.")).startsWith("has no valid step at character 4 ('.')");
        assertThat(CompareRulesEdit.pathProblem(" ")).isEqualTo("is empty");
        assertThat(CompareRulesEdit.pathProblem("$." + "a".repeat(500))).isEqualTo("is longer than 500 characters");
    }

    @Test
    void shouldRefuseEachInvalidMemberNamingItAndItsIndex() {
        refused(edit(List.of("$.ok", "$.items[one]"), null, null, "r"),
                "ignorePaths[1] '$.items[one]' has no valid step at character 8 ('[one]'): a step is .name, .* "
                        + "(any name), [n] or [*] (any index)");
        refused(new CompareRulesEdit(null, null, Arrays.asList("$.a", null), null, null, "r", null),
                "unorderedArrays[1] null is empty");
        refused(new CompareRulesEdit(null, null, null, List.of("name"), null, "r", null),
                "caseInsensitivePaths[0] 'name' must start with $ (the document), e.g. $.items[*].price");
        refused(edit(null, -0.01, null, "r"), "numericTolerance must be a finite number ≥ 0 (an absolute "
                + "difference), not -0.01");
        refused(edit(null, Double.POSITIVE_INFINITY, null, "r"), "numericTolerance must be a finite number ≥ 0 "
                + "(an absolute difference), not Infinity");
        refused(edit(null, null, new TrafficRoute.NoiseLearning(true, 100.5), "r"),
                "noiseLearning.samplePercent must be 0..100 (%), not 100.5");
        refused(edit(null, null, null, " "), "reason is required");
        refused(edit(java.util.Collections.nCopies(201, "$.a"), null, null, "r"), "ignorePaths has 201 paths, at "
                + "most 200");
    }

    @Test
    void shouldReplaceTheRulesWithDefaultsForAbsentMembers() {
        TrafficRoute.CompareRules rules = edit(List.of(" $.price ", "$.price"), null, null, "r").rules();

        assertThat(rules).isEqualTo(new TrafficRoute.CompareRules(List.of("$.price"), 0.0, List.of(), List.of(),
                new TrafficRoute.NoiseLearning(false, 5.0)));
    }

    @Test
    void shouldCompareUnderTheAcceptedRules() throws Exception {
        TrafficRoute.CompareRules rules = new CompareRulesEdit(List.of("$.lines[*].at"), 0.01, List.of("$.lines"),
                List.of("$.*.name"), null, "r", null).rules();
        JsonNode legacy = TrafficFixtures.JSON.readTree("{\"lines\":[{\"at\":1,\"qty\":\"2.00\"},{\"at\":2,"
                + "\"qty\":\"1\"}],\"product\":{\"name\":\"Chai\"},\"total\":3}");
        JsonNode modern = TrafficFixtures.JSON.readTree("{\"lines\":[{\"at\":9,\"qty\":\"1.00\"},{\"at\":8,"
                + "\"qty\":\"2.001\"}],\"product\":{\"name\":\"CHAI\"},\"total\":3.02}");

        assertThat(new JsonComparator(rules, List.of()).diff(legacy, modern)).containsExactly("$.total");
        assertThat(new JsonComparator(new TrafficRoute.CompareRules(null, null, null, null, null),
                List.of()).diff(legacy, modern)).containsExactly("$.lines[0].at",
                "$.lines[0].qty", "$.lines[1].at", "$.lines[1].qty", "$.product.name", "$.total");
    }
}
