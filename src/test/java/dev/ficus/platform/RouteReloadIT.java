package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ficus.testsupport.FullApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Route files changed while Ficus runs: a file whose route ids belong to another file or to a Java route, or
 * that serves a REST method and path another file serves, is refused and the running routes stay; a file still replaces its own routes, and a route moves to another file
 * once the file that declared it no longer does.
 */
class RouteReloadIT extends FullApplication {

    private static final Duration RELOAD = Duration.ofSeconds(30);

    @Autowired
    CamelContext camel;

    @Test
    void shouldRefuseACopiedRouteFileAndKeepTheRunningRoutes() throws Exception {
        String productBefore = get("/api/v1/products/11").body();
        Path original = ROUTES.resolve("facade/products.camel.yaml");
        Path copy = ROUTES.resolve("facade/products-v2.camel.yaml");

        write(copy, Files.readString(original).replace("id: facade-products-get-one",
                "id: facade-products-get-one-v2"));

        awaitRefusalOf(copy, "route id facade-get-product (" + copy + ":", "is already declared in " + original + ":",
                "route id facade-list-products", "route id facade-get-inventory");
        for (String id : new String[] {"facade-list-products", "facade-get-product", "facade-get-inventory"}) {
            assertThat(sourceOf(id)).isEqualTo("file:" + original);
        }
        assertThat(get("/api/v1/products/11").body()).isEqualTo(productBefore);
    }

    @Test
    void shouldRefuseAFileReusingTheIdOfAJavaRoute() throws Exception {
        Path file = ROUTES.resolve("facade/takes-java-id.camel.yaml");

        write(file, """
                - route:
                    id: facade-call-legacy
                    from:
                      uri: "direct:not-the-java-route"
                      steps:
                        - setBody: {constant: "replaced"}
                """);

        awaitRefusalOf(file, "route id facade-call-legacy (" + file + ":",
                "is already declared in Java class dev.ficus.facade.LegacyCallRoutes:");
        assertThat(sourceOf("facade-call-legacy")).isEqualTo("source:dev.ficus.facade.LegacyCallRoutes");
        assertThat(camel.getRoute("facade-call-legacy").getEndpoint().getEndpointUri())
                .isEqualTo("direct://facade-call-legacy");
    }

    @Test
    void shouldReloadAFileThatChangesItsOwnRoutesAndMoveARouteItsFileGaveUp() throws Exception {
        Path first = ROUTES.resolve("facade/probe-first.camel.yaml");
        Path second = ROUTES.resolve("facade/probe-second.camel.yaml");
        write(first, probe("first"));
        await().atMost(RELOAD).untilAsserted(() -> assertThat(get("/probe").body()).isEqualTo("first"));

        write(second, probe("second"));
        awaitRefusalOf(second, "route id facade-probe (" + second + ":", "is already declared in " + first + ":");
        assertThat(get("/probe").body()).isEqualTo("first");

        write(first, probe("first, edited"));
        await().atMost(RELOAD).untilAsserted(() -> assertThat(get("/probe").body()).isEqualTo("first, edited"));

        Files.delete(first);
        write(second, probe("second, now the owner"));
        await().atMost(RELOAD).untilAsserted(() ->
                assertThat(get("/probe").body()).isEqualTo("second, now the owner"));
        assertThat(sourceOf("facade-probe")).isEqualTo("file:" + second);
    }

    @Test
    void shouldRefuseAFileServingARestPathThatAnotherFileServes() throws Exception {
        String productBefore = get("/api/v1/products/11").body();
        Path original = ROUTES.resolve("facade/products.camel.yaml");
        Path file = ROUTES.resolve("facade/products-shadow.camel.yaml");

        write(file, """
                - rest:
                    id: facade-products-shadow-api
                    path: /api/v1/products
                    get:
                      - id: facade-products-shadow-get-one
                        path: /{productId}
                        to: direct:facade-products-shadow
                - route:
                    id: facade-products-shadow
                    from:
                      uri: "direct:facade-products-shadow"
                      steps:
                        - setBody: {constant: "shadowed"}
                """);

        awaitRefusalOf(file, "REST GET /api/v1/products/{productId} (" + file + ":",
                "is already served by route facade-get-product in " + original + ":");
        assertThat(camel.getRoute("facade-products-shadow")).isNull();
        assertThat(get("/api/v1/products/11").body()).isEqualTo(productBefore);
    }

    /**
     * Writes a route file the way editors save: a temporary name outside the watched pattern, then one atomic
     * rename, so the route watcher never catches the file empty or half written (Camel then only retries it with
     * the next change of any file, which would leave these tests waiting).
     */
    private static void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String probe(String answer) {
        return """
                - route:
                    id: facade-probe
                    from:
                      uri: "platform-http:/probe"
                      steps:
                        - setBody: {constant: "%s"}
                """.formatted(answer);
    }

    /** Waits until the route watcher's last error is the refusal of {@code file} saying all of {@code parts}. */
    private void awaitRefusalOf(Path file, String... parts) {
        RouteWatcherReloadStrategy reloader = camel.hasService(RouteWatcherReloadStrategy.class);
        await().atMost(RELOAD).untilAsserted(() -> {
            Exception error = reloader.getLastError();
            assertThat(error).isNotNull();
            assertThat(error.getMessage()).contains("route file " + file + " not loaded").contains(parts);
        });
    }

    private String sourceOf(String routeId) {
        return camel.getRoute(routeId).getSourceResource().getLocation();
    }
}
