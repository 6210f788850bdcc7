package dev.ficus.facade;

import io.swagger.v3.oas.models.OpenAPI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.apache.camel.spi.RestConfiguration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the modern API's OpenAPI 3.0 document at {@value #PATH} (JSON): generated from the REST DSL of the route
 * files by camel-openapi-java ({@link RestOpenApiReader}, as Camel's own {@code api-context-path} endpoint does,
 * configured by {@code camel.rest.*}: {@code host}, {@code port}, {@code api-property}), then completed by
 * {@link ApiDocumentFinish}. Made afresh on each request, so a reloaded route file shows at once.
 *
 * <p>A copy is committed at {@code api/openapi.json}; {@code ApiContractIT} fails when the two differ (apart from
 * {@code servers}, which names the deployment). Errors: a document that cannot be made is answered 500 by Spring.
 */
@RestController
public class ApiDocument {

    /** Where the document is served. */
    public static final String PATH = "/api/v1/openapi.json";

    private final CamelContext camel;

    /**
     * @param camel the context whose REST DSL is documented
     */
    public ApiDocument(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * @return the document as JSON text
     * @throws Exception when a model class named in the REST DSL cannot be loaded or read
     */
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public String document() throws Exception {
        return render(camel);
    }

    /**
     * The document of the REST DSL in {@code camel} (started or not).
     *
     * @param camel a context holding REST definitions; its {@link RestConfiguration} gives host, port, scheme,
     *              context path and the {@code api-property} entries (title, version, description, licence)
     * @return the document as JSON text
     * @throws Exception when a model class named in the REST DSL cannot be loaded or read
     */
    public static String render(CamelContext camel) throws Exception {
        RestConfiguration rest = camel.getRestConfiguration();
        Map<String, Object> parameters = new HashMap<>();
        if (rest.getApiProperties() != null) {
            parameters.putAll(rest.getApiProperties());
        }
        String host = rest.getApiHost() != null ? rest.getApiHost()
                : (rest.getHost() == null ? "localhost" : rest.getHost()) + (rest.getPort() > 0 ? ":" + rest.getPort() : "");
        parameters.putIfAbsent("host", host);
        parameters.putIfAbsent("schemes", rest.getScheme() == null ? "http" : rest.getScheme());
        if (rest.getContextPath() != null) {
            parameters.putIfAbsent("base.path", rest.getContextPath());
        }
        BeanConfig config = new BeanConfig();
        new RestOpenApiSupport().initOpenApi(config, parameters);
        List<RestDefinition> rests = camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        OpenAPI document = new RestOpenApiReader().read(camel, rests, config, camel.getName(),
                camel.getClassResolver());
        ApiDocumentFinish.apply(document, rests);
        return RestOpenApiSupport.getJsonFromOpenAPIAsString(document, config);
    }
}
