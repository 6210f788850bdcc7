package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict reading of admin bodies: no scalar coerced, each refusal says where and what was expected. */
class JsonBodiesTest {

    enum Mode { FAST, SAFE }

    record Body(List<String> ids, Integer count, Boolean flag, Double ratio, Mode mode, Limit limit) {
    }

    record Limit(int max) {
        Limit {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1, was " + max);
            }
        }
    }

    static final String SHAPE = "{\"ids\": [\"a\"]}";
    final ObjectMapper lenient = new ObjectMapper();
    final ObjectReader strict = JsonBodies.strict(lenient).readerFor(Body.class);

    String refusal(String body) {
        return assertThatThrownBy(() -> JsonBodies.read(strict, body, "a JSON body", SHAPE,
                IllegalArgumentException::new)).isInstanceOf(IllegalArgumentException.class)
                .actual().getMessage();
    }

    @Test
    void shouldRefuseEveryScalarCoercionTheDefaultMapperMakes() throws Exception {
        assertThat(refusal("{\"ids\": [123]}"))
                .isEqualTo("body is not a JSON body: ids[0]: a string is expected, got 123 (line 1, column 10); "
                        + "expected " + SHAPE);
        assertThat(refusal("{\"ids\": [false]}")).contains("ids[0]: a string is expected, got false");
        assertThat(refusal("{\"count\": \"5\"}")).contains("count: a whole number is expected (line");
        assertThat(refusal("{\"count\": 5.5}")).contains("count: a whole number is expected, got 5.5 (line");
        assertThat(refusal("{\"flag\": 1}")).contains("flag: true or false is expected, got 1 (line");
        assertThat(refusal("{\"flag\": \"true\"}")).contains("flag: true or false is expected (line");
        assertThat(refusal("{\"ratio\": \"0.5\"}")).contains("ratio: a number is expected (line");
        assertThat(refusal("{\"ids\": \"a\"}")).contains("ids: an array is expected (line");
        assertThat(refusal("{\"mode\": \"SLOW\"}")).contains("mode: one of FAST, SAFE is expected, got \"SLOW\"");
        // an enum by its position would silently pick a constant (fresh-user trial: "state": 1 set SHADOW)
        assertThat(refusal("{\"mode\": 1}")).contains("mode: one of FAST, SAFE is expected");
        assertThat(refusal("{\"mode\": \"1\"}")).contains("mode: one of FAST, SAFE is expected");
        assertThat(refusal("{\"mode\": \"0\"}")).contains("mode: one of FAST, SAFE is expected");
        assertThat(refusal("{\"limit\": {\"max\": 0}}")).contains("limit: max must be at least 1, was 0 (line");
        for (String bad : List.of("{\"ids\": [123]}", "{\"count\": \"5\"}", "{\"mode\": \"SLOW\"}",
                "{\"limit\": {\"max\": 0}}", "{\"limit\": 3}")) {
            assertThat(refusal(bad)).as("no Java names in " + bad).doesNotContain("java.", "`", "dev.ficus",
                    "Coercion", "instance of");
        }

        Body lax = lenient.readValue("{\"ids\": [123], \"count\": \"5\", \"flag\": 1, \"ratio\": \"0.5\"}",
                Body.class);
        assertThat(lax).as("the application's mapper itself is left as it was")
                .isEqualTo(new Body(List.of("123"), 5, true, 0.5, null, null));
    }

    @Test
    void shouldReadWhatIsOfTheRightShape() {
        Body body = JsonBodies.read(strict, "{\"ids\": [\"a\"], \"count\": 2, \"flag\": true, \"ratio\": 1}",
                "a JSON body", SHAPE, IllegalArgumentException::new);
        assertThat(body).isEqualTo(new Body(List.of("a"), 2, true, 1.0, null, null));
    }

    @Test
    void shouldSayWhereTheTextStopsBeingJson() {
        assertThat(refusal("{\"ids\": [\"a\"")).startsWith("body is not valid JSON: Unexpected end-of-input")
                .contains("start marker at line: 1, column: 9").doesNotContain("Source")
                .endsWith("; expected " + SHAPE);
        assertThat(refusal("{\n  \"ids\": [\"a\"] oops}")).startsWith("body is not valid JSON: Unexpected character")
                .contains("(line 2, column 16)");
        assertThat(refusal("{\"count\": 99999999999999999999}")).startsWith("body is not a JSON body: count: ")
                .contains("out of range");
        assertThat(refusal("{\"ids\": [\"a\"]} {}")).isEqualTo("body is not valid JSON: text after the JSON value "
                + "(line 1, column 16); expected " + SHAPE);
        assertThat(refusal("")).isEqualTo("a body is required: " + SHAPE);
        assertThat(refusal("null")).isEqualTo("a body is required: " + SHAPE);
    }
}
