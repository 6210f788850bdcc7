package dev.ficus.facade;

import dev.ficus.platform.security.Surface;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers Ficus's servlet filters give before any route sees a request, written into each operation of the
 * OpenAPI document they apply to, derived from the same facts the filters decide on (so the route files do not
 * repeat them, and an operation added later cannot miss them). Each is {@code application/problem+json} with the
 * {@code Problem} schema (RFC 9457); a status the route file already declares is left as it is:
 * <ul>
 *   <li>an operation with a security requirement: 401 (no or a wrong credential) and 403 (a credential without
 *       the operation's role), each with the {@code WWW-Authenticate} challenges of
 *       {@code dev.ficus.platform.security.ProblemAnswers} (RFC 6750, RFC 9110 §11.6.1);</li>
 *   <li>an operation whose path is rate limited ({@link Surface#rateLimited()}): 429 with {@code Retry-After}
 *       (seconds, RFC 9110 §10.2.3; RFC 6585 §4);</li>
 *   <li>an operation with a request body under {@link FacadeBodyLimit#PATHS}: 413 (body above
 *       {@code facade.max-request-bytes}).</li>
 * </ul>
 * The responses of every operation are then ordered by status code.
 */
final class ApiDocumentRefusals {

    /** Reference of the problem details schema ({@code dev.ficus.platform.web.ProblemDocument}). */
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private ApiDocumentRefusals() {
    }

    /**
     * @param path      the operation's path as documented, e.g. {@code /api/v1/orders/{id}}
     * @param operation the operation; its responses are completed and ordered in place
     */
    static void add(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            responses.putIfAbsent("401", problem("No credential, or a wrong one: an API key (X-API-Key) or a bearer "
                    + "token (problem+json)").addHeaderObject("WWW-Authenticate", text("The challenges: Bearer "
                    + "realm=\"ficus\" (with error=\"invalid_token\" when a bearer token was refused) and ApiKey "
                    + "realm=\"ficus\", header=\"X-API-Key\"")));
            responses.putIfAbsent("403", problem("The credential does not grant the operation's role (problem+json)")
                    .addHeaderObject("WWW-Authenticate", text("Bearer realm=\"ficus\", error=\"insufficient_scope\"")));
        }
        if (Surface.ofDocumentedPath(path).rateLimited()) {
            responses.putIfAbsent("429", problem("More requests from this client than ficus.security.rate-limit "
                    + "allows in its period (problem+json, Retry-After)").addHeaderObject("Retry-After",
                    new Header().description("seconds to wait before trying again").schema(new IntegerSchema())));
        }
        if (operation.getRequestBody() != null && bodyLimited(path)) {
            responses.putIfAbsent("413", problem("The body is larger than facade.max-request-bytes (problem+json "
                    + "with maxBytes); answered as soon as the limit is passed, or at once from Content-Length"));
        }
        Map<String, ApiResponse> ordered = new TreeMap<>(responses);
        responses.clear();
        responses.putAll(ordered);
        operation.setResponses(responses);
    }

    /**
     * @param path a documented path
     * @return whether one of {@link FacadeBodyLimit#PATHS} (servlet URL patterns: exact, or {@code <prefix>/*})
     *         covers it
     */
    static boolean bodyLimited(String path) {
        for (String pattern : FacadeBodyLimit.PATHS) {
            if (pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
    }

    private static Header text(String description) {
        return new Header().description(description).schema(new StringSchema());
    }
}
