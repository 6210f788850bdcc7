package dev.ficus.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Ficus asks of its OpenAPI document beyond the OpenAPI schema (issue 16, "Safe to expose"): every operation
 * requires {@code apiKey} or {@code bearerAuth} and names its role in its description, every response has a
 * schema (success: {@code application/json}; 4xx/5xx: {@code application/problem+json} with {@code Problem}), and
 * every parameter default has the parameter's type.
 */
final class ApiContractChecks {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private ApiContractChecks() {
    }

    /** @return the document with {@code servers} set to the relative {@code /} (the deployment's part) */
    static JsonNode withoutServers(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.putArray("servers").addObject().put("url", "/");
        return copy;
    }

    /** @return every operation, keyed by operation id */
    static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        document.path("paths").forEach(path -> path.fields().forEachRemaining(e -> {
            if (METHODS.contains(e.getKey())) {
                operations.put(e.getValue().path("operationId").asText(), e.getValue());
            }
        }));
        return operations;
    }

    /** @return one line per defect, {@code <operation id>: <what is wrong>}; empty when there is none */
    static List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        operations(document).forEach((id, op) -> {
            List<String> schemes = new ArrayList<>();
            op.path("security").forEach(r -> r.fieldNames().forEachRemaining(schemes::add));
            if (!schemes.containsAll(List.of("apiKey", "bearerAuth"))) {
                problems.add(id + ": no security requirement apiKey or bearerAuth");
            }
            String description = op.path("description").asText();
            if (!description.contains("api-client") && !description.contains("pos-producer")) {
                problems.add(id + ": description names no role (api-client, pos-producer)");
            }
            op.path("parameters").forEach(p -> {
                JsonNode schema = p.path("schema");
                JsonNode dflt = schema.get("default");
                if (dflt != null && !fits(dflt, schema.path("type").asText())) {
                    problems.add(id + ": parameter " + p.path("name").asText() + ": default " + dflt
                            + " is not a " + schema.path("type").asText());
                }
            });
            op.path("responses").fields().forEachRemaining(r -> {
                int status = Integer.parseInt(r.getKey());
                JsonNode content = r.getValue().path("content");
                if (status >= 400) {
                    if (!content.path("application/problem+json").path("schema").path("$ref").asText()
                            .equals("#/components/schemas/Problem") || content.size() != 1) {
                        problems.add(id + ": response " + status
                                + " is not application/problem+json with the Problem schema");
                    }
                } else if (!content.path("application/json").has("schema")) {
                    problems.add(id + ": response " + status + " has no application/json schema");
                }
            });
        });
        return problems;
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "string" -> value.isTextual();
            default -> true;
        };
    }
}
