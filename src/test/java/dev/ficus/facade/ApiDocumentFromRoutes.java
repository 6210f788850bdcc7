package dev.ficus.facade;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.openapi.RestOpenApiProcessor;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The OpenAPI document Ficus serves at {@code /api/v1/openapi.json}, made without starting Ficus: the REST DSL of
 * the route files is loaded into a Camel context that is never started (no endpoint, bean or broker is resolved)
 * and rendered by camel-openapi-java's own {@link RestOpenApiProcessor}, configured as {@code camel.rest} in
 * {@code application.yml} configures the running one (host {@code localhost:8080}).
 */
final class ApiDocumentFromRoutes {

    private ApiDocumentFromRoutes() {
    }

    /**
     * @param routeDirs directories whose {@code *.camel.yaml} files hold REST DSL, e.g. {@code routes/facade}
     * @param apiProperties {@code camel.rest.api-property.*}
     * @return the document's JSON text
     * @throws Exception when a route file cannot be loaded or the document cannot be rendered
     */
    static String render(List<Path> routeDirs, Map<String, Object> apiProperties) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getCamelContextExtension().setName("ficus");
            camel.getRegistry().bind("facadeRouteTemplate",
                    new FacadeRouteTemplate(new FacadeProperties("USD", new FacadeProperties.Cache(1, 1, false), Map.of(), 1_048_576)));
            camel.getPropertiesComponent().addInitialProperty("pos.drop.enabled", "false");
            for (Path dir : routeDirs) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                        Resource resource = ResourceHelper.resolveResource(camel, "file:" + file);
                        PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
                    }
                }
            }
            RestConfiguration rest = camel.getRestConfiguration();
            rest.setHost("localhost");
            rest.setPort(8080);
            rest.setApiProperties(new HashMap<>(apiProperties));
            return ApiDocument.render(camel);
        }
    }
}
