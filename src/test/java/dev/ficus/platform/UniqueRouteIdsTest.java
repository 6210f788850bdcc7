package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.facade.FacadeProperties;
import dev.ficus.facade.FacadeRouteTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check on real Camel with the YAML DSL: route files are loaded into a Camel context (not started)
 * the way Camel Spring Boot loads {@code routes/**}.
 */
class UniqueRouteIdsTest {

    @TempDir
    Path routes;

    @Test
    void shouldRefuseACopiedFacadeFileWhoseRestVerbsAreInlinedWithTheirRoutes() throws Exception {
        Path original = Files.copy(Path.of("routes/facade/products.camel.yaml"), routes.resolve("products.camel.yaml"));
        Path copy = Files.copy(original, routes.resolve("products-v2.camel.yaml"));

        assertThatThrownBy(() -> load(original, copy)).isInstanceOf(StartupCheckException.class)
                .hasMessageContaining("route id facade-list-products is declared twice: " + original + ":")
                .hasMessageContaining(" and " + copy + ":");
    }

    @Test
    void shouldRefuseTheSameRestMethodAndPathUnderOtherIdsAndParameterNames() throws Exception {
        Path products = Files.copy(Path.of("routes/facade/products.camel.yaml"), routes.resolve("products.camel.yaml"));
        Path shadow = Files.writeString(routes.resolve("shadow.camel.yaml"), """
                - rest:
                    path: /api/v1/products/
                    get:
                      - id: shadow-get-one
                        path: /{productId}
                        to: direct:shadow
                - route:
                    id: shadow
                    from:
                      uri: "direct:shadow"
                      steps:
                        - setBody: {constant: "shadowed"}
                """);

        assertThatThrownBy(() -> load(products, shadow)).isInstanceOf(StartupCheckException.class)
                .hasMessageContaining("REST GET /api/v1/products/{productId} is declared twice: " + products + ":")
                .hasMessageContaining(" and " + shadow + ":");
    }

    @Test
    void shouldLoadRouteFilesWithDistinctIdsAndPaths() throws Exception {
        Path[] all;
        try (var files = Files.list(Path.of("routes/facade"))) {
            all = files.toArray(Path[]::new);
        }

        assertThat(load(all)).contains("facade-get-product", "facade-get-customer", "facade-create-order");
    }

    @Test
    void shouldKeyRestInputsByMethodAndPath() {
        assertThat(UniqueRouteIds.restKey("rest:get:/api/v1/products:/{id}?routeId=x"))
                .isEqualTo("GET /api/v1/products/{id}");
        assertThat(UniqueRouteIds.restKey("rest://get:/api/v1/products:/%7Bid%7D")).isEqualTo("GET /api/v1/products/{id}");
        assertThat(UniqueRouteIds.restKey("rest:post:/api/v1/orders/")).isEqualTo("POST /api/v1/orders");
        assertThat(UniqueRouteIds.restMatch("GET /api/v1/products/{id}/inventory"))
                .isEqualTo("GET /api/v1/products/{}/inventory");
        assertThat(UniqueRouteIds.restKey("platform-http:/ping")).isNull();
    }

    /** @return the route ids Camel holds after adding the files' routes */
    private static List<String> load(Path... files) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.setSourceLocationEnabled(true);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            model.addModelLifecycleStrategy(new UniqueRouteIds());
            // the façade files instantiate this template; Ficus has it as a Spring bean
            camel.getRegistry().bind("facadeRouteTemplate", new FacadeRouteTemplate(
                    new FacadeProperties("USD", new FacadeProperties.Cache(0, 0, false), Map.of(), 1_048_576)));
            Resource[] resources = Arrays.stream(files).map(f -> PluginHelper.getResourceLoader(camel)
                    .resolveResource("file:" + f)).toArray(Resource[]::new);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            return model.getRouteDefinitions().stream().map(r -> r.getRouteId()).toList();
        }
    }
}
