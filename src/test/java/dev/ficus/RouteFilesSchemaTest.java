package dev.ficus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route file ({@code routes/**}{@code /*.camel.yaml}) validates against Camel's own YAML DSL JSON schema,
 * {@code schema/camelYamlDsl.json} in the camel-yaml-dsl jar (JSON Schema draft-04), the one the Camel tools
 * (Kaoto, Karavan, the VS Code extension) open the files with. Camel itself is more lenient (it accepts, for example,
 * a property placeholder where the schema wants a boolean), so a file Ficus starts with may still be one those
 * tools refuse to edit: this test keeps the files editable there.
 */
class RouteFilesSchemaTest {

    private static final Path ROUTES = Path.of("routes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCHEMA = camelYamlDslSchema();

    @Test
    void shouldValidateEveryRouteFileAgainstCamelsYamlDslSchema() throws IOException {
        List<Path> files = routeFiles();
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            errors.addAll(errors(file.toString(), Files.readString(file)));
        }

        assertThat(files).as("route files under %s", ROUTES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(errors).as("schema errors (file: JSON path: message)").isEmpty();
    }

    @Test
    void shouldReportFileJsonPathAndMessageForABrokenDocument() throws IOException {
        String broken = """
                - route:
                    id: broken
                    autoStartup: "{{some.flag}}"
                    from:
                      uri: direct:broken
                      steps:
                        - setHeader: {name: CamelHttpResponseCode, constant: 201}
                        - noSuchStep: {}
                """;

        List<String> errors = errors("broken.camel.yaml", broken);

        assertThat(errors).hasSize(3)
                .contains("broken.camel.yaml: $[0].route.autoStartup: string found, boolean expected")
                .anyMatch(e -> e.startsWith("broken.camel.yaml: $[0].route.from.steps[0].setHeader.constant: ")
                        && e.contains("integer found, string expected"))
                .anyMatch(e -> e.startsWith("broken.camel.yaml: $[0].route.from.steps[1]: ")
                        && e.contains("noSuchStep"));
    }

    @Test
    void shouldAcceptAWellFormedDocument() throws IOException {
        String valid = """
                - route:
                    id: fine
                    precondition: "{{some.flag}}"
                    from:
                      uri: direct:fine
                      steps:
                        - setHeader: {name: CamelHttpResponseCode, constant: "201"}
                - templatedRoute:
                    routeTemplateRef: some-template
                    routeId: from-template
                    parameters:
                      - {name: path, value: "/x/${header.id}"}
                """;

        assertThat(errors("fine.camel.yaml", valid)).isEmpty();
    }

    /**
     * @return one {@code "<file>: <JSON path>: <messages>"} per place {@code yaml} breaks the schema, sorted. A
     *         wrong value inside a {@code oneOf}/{@code anyOf} (expressions, steps) also fails every enclosing
     *         node and every other branch; only the innermost places are reported, so each mistake is one line
     *         (an enclosing node shows once its inner mistakes are fixed)
     */
    static List<String> errors(String file, String yaml) throws IOException {
        Map<String, Set<String>> byPlace = new TreeMap<>();
        for (ValidationMessage m : SCHEMA.validate(YAML.readTree(yaml))) {
            byPlace.computeIfAbsent(m.getInstanceLocation().toString(), k -> new TreeSet<>()).add(m.getError());
        }
        return byPlace.entrySet().stream()
                .filter(e -> byPlace.keySet().stream().noneMatch(other -> encloses(e.getKey(), other)))
                .map(e -> file + ": " + e.getKey() + ": " + String.join("; ", e.getValue()))
                .toList();
    }

    /** @return whether JSON path {@code outer} strictly encloses {@code inner}, e.g. {@code $[0].route} */
    private static boolean encloses(String outer, String inner) {
        return inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static JsonSchema camelYamlDslSchema() {
        try (InputStream schema = RouteFilesSchemaTest.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(schema).as("schema/camelYamlDsl.json from camel-yaml-dsl on the classpath").isNotNull();
            // Camel marks deprecated options with "deprecated", a keyword draft-04 does not know: annotation only
            JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keyword(new NonValidationKeyword("deprecated")).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(draft4))
                    .getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
