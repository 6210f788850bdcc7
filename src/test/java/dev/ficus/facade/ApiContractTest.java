package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed API contract, {@code api/openapi.json}: the route files make exactly it (so a REST DSL change
 * without a new copy fails here; run with {@code -Dficus.api.write=true} to rewrite the copy), it validates
 * against the official OpenAPI 3.0 JSON Schema and swagger-parser's semantic checks, and it states security,
 * response schemas, typed defaults and the security filter's and rate limit's refusals everywhere
 * ({@link ApiContractChecks}). {@code ApiContractIT} checks that the
 * running app serves the same document, {@code ApiLintIT} runs Redocly's recommended rules on it.
 */
class ApiContractTest {

    static final Path COMMITTED = Path.of("api/openapi.json");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBeTheDocumentTheRouteFilesMake() throws Exception {
        JsonNode made = ApiContractChecks.withoutServers(JSON.readTree(ApiDocumentFromRoutes.render(
                List.of(Path.of("routes/facade"), Path.of("routes/pos")), apiProperties())));
        if (Boolean.getBoolean("ficus.api.write")) {
            Files.writeString(COMMITTED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(made) + "\n");
        }

        assertThat(JSON.readTree(COMMITTED.toFile()))
                .as("api/openapi.json is not what routes/ make: rewrite it with -Dficus.api.write=true").isEqualTo(made);
    }

    @Test
    void shouldValidateAgainstTheOfficialOpenApi30JsonSchema() throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/openapi/oas-3.0-schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }

        assertThat(schema.validate(JSON.readTree(COMMITTED.toFile()))).isEmpty();
    }

    @Test
    void shouldPassSwaggerParsersSemanticValidationWithoutAMessage() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var parsed = new OpenAPIV3Parser().readContents(Files.readString(COMMITTED), null, options);

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).hasSize(8);
    }

    @Test
    void shouldDeclareSecuritySchemasAndTypedDefaultsOnEveryOperation() throws Exception {
        JsonNode document = JSON.readTree(COMMITTED.toFile());

        assertThat(ApiContractChecks.problems(document)).isEmpty();
        assertThat(ApiContractChecks.operations(document)).hasSize(8);
    }

    @Test
    void shouldReportEachDefectOfTheDocumentBeforeIssue16() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(COMMITTED.toFile());
        ObjectNode list = (ObjectNode) document.at("/paths/~1api~1v1~1products/get");
        list.remove("security");
        ((ObjectNode) list.at("/parameters/0/schema")).put("default", "0");
        ((ObjectNode) list.at("/responses/200")).remove("content");
        ((ObjectNode) list.at("/responses/400/content")).set("application/json",
                ((ObjectNode) list.at("/responses/400/content")).remove("application/problem+json"));
        ((ObjectNode) document.at("/paths/~1api~1v1~1orders/post")).put("description", "Enter an order");

        assertThat(ApiContractChecks.problems(document)).containsExactlyInAnyOrder(
                "facade-products-list: no security requirement apiKey or bearerAuth",
                "facade-products-list: parameter page: default \"0\" is not a integer",
                "facade-products-list: response 200 has no application/json schema",
                "facade-products-list: response 400 is not application/problem+json with the Problem schema",
                "facade-orders-create: description names no role (api-client, pos-producer)");
    }

    @Test
    void shouldReportASecuredOperationWithoutTheRefusalsOfTheSecurityFilter() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(COMMITTED.toFile());
        ObjectNode responses = (ObjectNode) document.at("/paths/~1api~1v1~1orders/post/responses");
        responses.remove(List.of("401", "429"));
        ((ObjectNode) responses.at("/403")).remove("headers");
        ((ObjectNode) document.at("/paths/~1api~1v1~1pos~1transactions/post/responses/503")).remove("headers");
        ((ObjectNode) document.at("/paths/~1api~1v1~1products/get/responses")).remove("403");

        assertThat(ApiContractChecks.problems(document)).containsExactlyInAnyOrder(
                "facade-orders-create: secured, but no 401",
                "facade-orders-create: response 403 has no header WWW-Authenticate",
                "facade-orders-create: no 429 (the rate limit)",
                "pos-transactions-ingest: response 503 has no header Retry-After",
                "facade-products-list: secured, but no 403");
    }

    @Test
    void shouldDeclareTheFiltersRefusalsWhereTheyApply() throws Exception {
        JsonNode document = JSON.readTree(COMMITTED.toFile());

        ApiContractChecks.operations(document).forEach((id, op) -> assertThat(names(op.path("responses")))
                .as(id).contains("401", "403", "429").isSorted());
        assertThat(names(document.at("/paths/~1api~1v1~1orders/post/responses"))).contains("413");
        assertThat(document.at("/paths/~1api~1v1~1pos~1transactions/post/responses/413/description").asText())
                .as("POS keeps its own 413").contains("pos.max-document-bytes");
        assertThat(names(document.at("/paths/~1api~1v1~1pos~1transactions/post/responses"))).contains("503");
        assertThat(names(document.at("/paths/~1api~1v1~1orders~1{id}/get/responses"))).doesNotContain("413");
    }

    /** {@code camel.rest.api-property} of {@code src/main/resources/application.yml}. */
    static Map<String, Object> apiProperties() throws Exception {
        JsonNode yml = new ObjectMapper(new YAMLFactory()).readTree(Path.of("src/main/resources/application.yml")
                .toFile());
        return JSON.convertValue(yml.at("/camel/rest/api-property"), Map.class);
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
