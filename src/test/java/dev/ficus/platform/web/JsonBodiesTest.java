package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict reading of admin bodies: no scalar coerced, each refusal says where and what was expected. */
class JsonBodiesTest {

    record Body(List<String> ids, Integer count, Boolean flag, Double ratio) {
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
        assertThat(refusal("{\"ids\": [123]}")).startsWith("body is not a JSON body: ids[0]: a string is expected; ")
                .endsWith("(line 1, column 10); expected " + SHAPE);
        assertThat(refusal("{\"ids\": [false]}")).contains("ids[0]: a string is expected");
        assertThat(refusal("{\"count\": \"5\"}")).contains("count: ");
        assertThat(refusal("{\"count\": 5.5}")).contains("count: ");
        assertThat(refusal("{\"flag\": 1}")).contains("flag: ");
        assertThat(refusal("{\"flag\": \"true\"}")).contains("flag: ");
        assertThat(refusal("{\"ratio\": \"0.5\"}")).contains("ratio: ");

        Body lax = lenient.readValue("{\"ids\": [123], \"count\": \"5\", \"flag\": 1, \"ratio\": \"0.5\"}",
                Body.class);
        assertThat(lax).as("the application's mapper itself is left as it was")
                .isEqualTo(new Body(List.of("123"), 5, true, 0.5));
    }

    @Test
    void shouldReadWhatIsOfTheRightShape() {
        Body body = JsonBodies.read(strict, "{\"ids\": [\"a\"], \"count\": 2, \"flag\": true, \"ratio\": 1}",
                "a JSON body", SHAPE, IllegalArgumentException::new);
        assertThat(body).isEqualTo(new Body(List.of("a"), 2, true, 1.0));
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
        assertThat(refusal("")).isEqualTo("a body is required: " + SHAPE);
        assertThat(refusal("null")).isEqualTo("a body is required: " + SHAPE);
    }
}
