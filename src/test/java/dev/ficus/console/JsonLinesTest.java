package dev.ficus.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldWriteOneValuePerLineWithItsPathAndMarkTheDifferingOnes() {
        List<JsonLines.Line> lines = JsonLines.of(json,
                "{\"id\":12,\"unitPrice\":{\"amount\":\"38.00\",\"currency\":\"USD\"},\"tags\":[\"a\",\"b\"],\"e\":{}}",
                List.of("$.unitPrice.amount", "$.tags"));

        assertThat(lines).extracting(JsonLines.Line::text).containsExactly(
                "{", "  \"id\": 12,", "  \"unitPrice\": {", "    \"amount\": \"38.00\",", "    \"currency\": \"USD\"",
                "  },", "  \"tags\": [", "    \"a\",", "    \"b\"", "  ],", "  \"e\": {}", "}");
        assertThat(lines).filteredOn(JsonLines.Line::differs).extracting(JsonLines.Line::text).containsExactly(
                "    \"amount\": \"38.00\",", "  \"tags\": [", "    \"a\",", "    \"b\"", "  ],");
        assertThat(lines.get(3).path()).isEqualTo("$.unitPrice.amount");
        assertThat(lines.get(8).path()).isEqualTo("$.tags[1]");
    }

    @Test
    void shouldNotTakeAPrefixOfANameForItsParent() {
        assertThat(JsonLines.differs("$.unitPriceOld", List.of("$.unitPrice"))).isFalse();
        assertThat(JsonLines.differs("$.items[3].name", List.of("$.items[3]"))).isTrue();
        assertThat(JsonLines.differs("$.items[30]", List.of("$.items[3]"))).isFalse();
    }

    @Test
    void shouldKeepTextThatIsNotJsonAsItIs() {
        assertThat(JsonLines.of(json, "<html>\nbad gateway</html>", List.of("(status 502)")))
                .extracting(JsonLines.Line::text).containsExactly("<html>", "bad gateway</html>");
        assertThat(JsonLines.of(json, null, List.of())).isEmpty();
    }
}
