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
 * schema (success: {@code application/json}; 4xx/5xx: {@code application/problem+json} with {@code Problem}),
 * every parameter default has the parameter's type, a secured operation declares the refusals of the security filter
 * (401 and 403, each with {@code WWW-Authenticate}), an operation under {@code /api/v1} the rate limit's 429, and
 * every 429 and 503 carries {@code Retry-After}.
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
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(e -> {
            if (METHODS.contains(e.getKey()) && path.getKey().startsWith("/api/v1/")
                    && !e.getValue().path("responses").has("429")) {
                problems.add(e.getValue().path("operationId").asText() + ": no 429 (the rate limit)");
            }
        }));
        operations(document).forEach((id, op) -> {
            List<String> schemes = new ArrayList<>();
            op.path("security").forEach(r -> r.fieldNames().forEachRemaining(schemes::add));
            if (!schemes.containsAll(List.of("apiKey", "bearerAuth"))) {
                problems.add(id + ": no security requirement apiKey or bearerAuth");
            }
            refusals(id, op, !schemes.isEmpty(), problems);
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

    /** The statuses a secured (and a rate limited) operation must declare, each with its header. */
    private static void refusals(String id, JsonNode op, boolean secured, List<String> problems) {
        JsonNode responses = op.path("responses");
        for (String status : secured ? List.of("401", "403") : List.<String>of()) {
            if (!responses.has(status)) {
                problems.add(id + ": secured, but no " + status);
            }
        }
        Map.of("401", "WWW-Authenticate", "403", "WWW-Authenticate", "429", "Retry-After", "503", "Retry-After")
                .forEach((status, header) -> {
                    if (responses.has(status) && !responses.path(status).path("headers").has(header)) {
                        problems.add(id + ": response " + status + " has no header " + header);
                    }
                });
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
