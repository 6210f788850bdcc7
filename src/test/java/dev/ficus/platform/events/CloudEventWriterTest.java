package dev.ficus.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventWriterTest {

    final CloudEventWriter writer = new CloudEventWriter(new ObjectMapper());

    static CloudEvent event(String subject, String time, Map<String, Object> extensions) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("b", "Käse").putNull("a");
        data.putArray("empty");
        return new CloudEvent("id-1", "/ficus/test", "retail.test.happened", subject, time, extensions, data);
    }

    @Test
    void shouldWriteTheStructuredModeMembersInTheirOrder() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("zeta", "z");
        extensions.put("alpha", true);
        extensions.put("count", 3);

        assertThat(writer.write(event("42", "2024-03-31T00:30:00Z", extensions))).isEqualTo("{\"specversion\":\"1.0\","
                + "\"id\":\"id-1\",\"source\":\"/ficus/test\",\"type\":\"retail.test.happened\",\"subject\":\"42\","
                + "\"time\":\"2024-03-31T00:30:00Z\",\"datacontenttype\":\"application/json\",\"zeta\":\"z\","
                + "\"alpha\":true,\"count\":3,\"data\":{\"b\":\"Käse\",\"a\":null,\"empty\":[]}}");
    }

    @Test
    void shouldLeaveOutAbsentOptionalAttributes() {
        CloudEvent noData = new CloudEvent("i", "s", "t", null, null, null, null);

        assertThat(writer.write(event(null, null, Map.of()))).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"id-1\","
                + "\"source\":\"/ficus/test\",\"type\":\"retail.test.happened\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"b\":\"Käse\",\"a\":null,\"empty\":[]}}");
        assertThat(writer.toJson(noData).has("data")).isFalse();
    }

    @Test
    void shouldWriteTheSameBytesWhateverSpringsMapperSettings() {
        ObjectMapper odd = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)
                .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).disable(JsonNodeFeature.WRITE_NULL_PROPERTIES)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .serializationInclusion(JsonInclude.Include.NON_NULL).build();
        CloudEvent event = event("42", null, Map.of("lsn", "7"));

        assertThat(new CloudEventWriter(odd).write(event)).isEqualTo(writer.write(event));
    }

    @Test
    void shouldRefuseAttributesTheSpecDoesNotAllow() {
        assertThatThrownBy(() -> new CloudEvent("", "s", "t", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new CloudEvent("i", "s", "t", null, null, Map.of("Upper", "x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CloudEvent("i", "s", "t", null, null, Map.of("time", "x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CloudEvent("i", "s", "t", null, null, Map.of("abcdefghijklmnopqrstu", "x"),
                null)).as("21 characters").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CloudEvent("i", "s", "t", null, null, Map.of("lsn", 7L), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Long");
    }

    @Test
    void shouldKeepTheExtensionsOrderAndNotTheCallersMap() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("b", "1");
        extensions.put("a", "2");
        CloudEvent event = event(null, null, extensions);
        extensions.put("c", "3");

        assertThat(event.extensions().keySet()).containsExactly("b", "a");
    }

    @Test
    void shouldGiveTheSameNameTheSameIdAndUseArtemissDuplicateProperty() {
        assertThat(CloudEvent.nameBasedId("ficus-pos:7/2/2024-03-01/1"))
                .isEqualTo("bb3b4226-5c4e-38cb-8e5a-6fa5825a729c")
                .isEqualTo(CloudEvent.nameBasedId("ficus-pos:7/2/2024-03-01/1"));
        assertThat(EventHeaders.DUPLICATE_ID).isEqualTo("_AMQ_DUPL_ID");
    }
}
