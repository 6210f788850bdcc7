package dev.ficus.facade;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * The post-processing step of the OpenAPI document: it writes into the document what the REST DSL of the route
 * files declares but camel-openapi-java 4.17 ({@code RestOpenApiReader}) leaves out, so the route files stay the
 * one source of the contract. Matched by operation id (= the verb's {@code id}):
 * <ul>
 *   <li>a verb's {@code note} becomes the operation's {@code description} (Camel makes only the {@code summary},
 *       from {@code description});</li>
 *   <li>a {@code responseMessage}'s {@code contentType} (e.g. {@code application/problem+json}, RFC 9457) becomes
 *       the media type of that response's content (Camel uses the verb's {@code produces} for every response);</li>
 *   <li>a parameter's {@code defaultValue} gets the parameter's type: an integer or boolean default is written as a
 *       JSON number or boolean (Camel writes every default as a string, which OpenAPI validators refuse);</li>
 *   <li>tags are sorted by name (Camel lists them in the order the route files were loaded, which differs between
 *       machines, so the document would not be stable).</li>
 * </ul>
 * It then adds the refusals Ficus's filters answer before any route, derived from each operation's security
 * requirement, path and request body ({@link ApiDocumentRefusals}: 401, 403, 429, 413), and orders each
 * operation's responses by status code.
 * Operations without a matching verb, and verbs without these settings, are left as they are.
 */
final class ApiDocumentFinish {

    private ApiDocumentFinish() {
    }

    /**
     * @param document the document camel-openapi-java made from {@code rests}; changed in place
     * @param rests    the REST DSL definitions it was made from
     * @return {@code document}
     * @throws IllegalArgumentException when a default value does not fit its parameter's type
     */
    static OpenAPI apply(OpenAPI document, List<RestDefinition> rests) {
        Map<String, VerbDefinition> verbs = new HashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (verb.getId() != null) {
                    verbs.put(verb.getId(), verb);
                }
            }
        }
        if (document.getTags() != null) {
            document.getTags().sort(java.util.Comparator.comparing(io.swagger.v3.oas.models.tags.Tag::getName));
        }
        if (document.getPaths() == null) {
            return document;
        }
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            for (Operation operation : path.getValue().readOperations()) {
                VerbDefinition verb = verbs.get(operation.getOperationId());
                if (verb != null) {
                    finish(operation, verb);
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(ApiDocumentFinish::typedDefault);
                }
                ApiDocumentRefusals.add(path.getKey(), operation);
            }
        }
        return document;
    }

    private static void finish(Operation operation, VerbDefinition verb) {
        if (verb.getNote() != null && !verb.getNote().isBlank()) {
            operation.setDescription(verb.getNote().strip());
        }
        if (verb.getResponseMsgs() == null || operation.getResponses() == null) {
            return;
        }
        for (ResponseMessageDefinition message : verb.getResponseMsgs()) {
            ApiResponse response = operation.getResponses().get(message.getCode());
            if (message.getContentType() == null || response == null || response.getContent() == null
                    || response.getContent().isEmpty()) {
                continue;
            }
            MediaType media = response.getContent().values().iterator().next();
            response.setContent(new Content().addMediaType(message.getContentType(), media));
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void typedDefault(Parameter parameter) {
        Schema schema = parameter.getSchema();
        if (schema == null || !(schema.getDefault() instanceof String text)) {
            return;
        }
        try {
            switch (String.valueOf(schema.getType())) {
                case "integer" -> schema.setDefault(new BigDecimal(text).toBigIntegerExact());
                case "number" -> schema.setDefault(new BigDecimal(text));
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new NumberFormatException(text);
                    }
                    schema.setDefault(Boolean.valueOf(text));
                }
                default -> { }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("parameter " + parameter.getName() + ": default value '" + text
                    + "' is not a " + schema.getType(), e);
        }
    }
}
