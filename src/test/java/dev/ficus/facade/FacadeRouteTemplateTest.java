package dev.ficus.facade;

import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.FicusHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The façade's route template on real Camel with the YAML DSL: a route file's {@code templatedRoute}s become routes
 * of that file, and a route made from the template validates, dispatches, calls RetailCore (a stub here),
 * translates with the real XSLT, caches and shadows like the hand-written routes did.
 */
class FacadeRouteTemplateTest {

    static final String ROUTES = """
            - templatedRoute:
                routeTemplateRef: facade-legacy-read
                routeId: facade-get-product
                parameters:
                  - {name: requestPath, value: "/api/v1/products/${header.id}"}
                  - {name: request, value: "productId(${exchange}, '/retailcore/products/')"}
                  - {name: mapping, value: product-to-json.xsl}
                  - {name: cache, value: products}

            - templatedRoute: {routeTemplateRef: facade-legacy-read, routeId: "facade-get-stock", parameters: [
                {name: requestPath, value: "/api/v1/stock/${header.id}"},
                {name: request, value: "productId(${exchange}, '/retailcore/stock/')"},
                {name: mapping, value: stock-to-json.xsl}]}
            """;

    static final Path SAMPLES = Path.of("adapters/retailcore/samples");

    @TempDir
    Path dir;

    final DefaultCamelContext camel = new DefaultCamelContext();
    final List<String> legacyCalls = new ArrayList<>();
    final TrafficControlStub trafficControl = new TrafficControlStub();
    Path file;

    @BeforeEach
    void startCamelWithTheTemplateAndStubs() throws Exception {
        camel.setSourceLocationEnabled(true);
        FacadeProperties properties = new FacadeProperties("USD", new FacadeProperties.Cache(60_000, 0, false),
                Map.of("facade-get-product", new FacadeProperties.Route(500)), 1_048_576);
        ObjectMapper json = new ObjectMapper();
        camel.getRegistry().bind("facadeRouteTemplate", new FacadeRouteTemplate(properties));
        camel.getRegistry().bind("facadeRequests", new FacadeRequests(new Problems(new com.fasterxml.jackson.databind.ObjectMapper()), properties, json));
        camel.getRegistry().bind("facadeCache", new FacadeCache(Map.of(FacadeCache.PRODUCTS, 60_000L,
                FacadeCache.INVENTORY, 0L), new SimpleMeterRegistry(), Ticker.systemTicker(), json));
        camel.getRegistry().bind("trafficControl", trafficControl);
        camel.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration(FacadeErrorHandling.ID);
            }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:facade-call-legacy").routeId("legacy-stub").process(this::answer);
            }

            private void answer(Exchange exchange) throws Exception {
                String path = exchange.getMessage().getHeader(FacadeHeaders.LEGACY_PATH, String.class);
                legacyCalls.add(path);
                exchange.getMessage().removeHeaders("*");
                String sample = path.replaceFirst("^/retailcore/(products|stock)/", "$1-")
                        .replace("products", "product");
                exchange.getMessage().setBody(Files.readString(SAMPLES.resolve(sample + ".xml")));
            }
        });
        file = Files.writeString(dir.resolve("products.camel.yaml"), ROUTES);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource(file));
        camel.start();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void shouldMakeEachInstanceARouteOfItsFileFromDirectRouteIdAtTheLineOfItsRouteId() {
        RouteDefinition product = camel.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("facade-get-product");

        assertThat(product.getInput().getEndpointUri()).isEqualTo("direct:facade-get-product");
        assertThat(product.getInput().getLocation()).isEqualTo("file:" + file);
        assertThat(product.getInput().getLineNumber()).isEqualTo(3);
        assertThat(product.getRouteConfigurationId()).isEqualTo(FacadeErrorHandling.ID);
        assertThat(camel.getRoute("facade-get-product").getSourceResource().getLocation()).isEqualTo("file:" + file);
        assertThat(camel.getRoute("facade-get-stock").getSourceLocationShort()).endsWith("products.camel.yaml:10");
        assertThat(camel.getRouteTemplateDefinitions()).isEmpty();
    }

    @Test
    void shouldAnswerTranslatedJsonFromRetailCoreThenFromTheCache() {
        Exchange first = get("facade-get-product", "11");
        Exchange second = get("facade-get-product", "11");

        assertThat(legacyCalls).containsExactly("/retailcore/products/11");
        for (Exchange answer : List.of(first, second)) {
            assertThat(answer.getException()).isNull();
            assertThat(answer.getMessage().getBody(String.class)).contains("\"name\":\"Queso Cabrales\"");
            assertThat(answer.getMessage().getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(answer.getProperty(FicusHeaders.REQUEST_PATH_PROPERTY)).isEqualTo("/api/v1/products/11");
            assertThat(answer.getProperty(FacadeHeaders.TIMEOUT_MS_PROPERTY)).isEqualTo("500");
        }
        assertThat(FacadeCache.isHit(first)).isFalse();
        assertThat(FacadeCache.isHit(second)).isTrue();
        assertThat(trafficControl.dispatched).containsExactly("facade-get-product", "facade-get-product");
        assertThat(trafficControl.shadowed).isEqualTo(2);
    }

    @Test
    void shouldCallRetailCoreEachTimeWithoutACacheAndWithTheDefaultTimeoutWhenNoneIsConfigured() {
        Exchange answer = get("facade-get-stock", "11");
        get("facade-get-stock", "11");

        assertThat(legacyCalls).containsExactly("/retailcore/stock/11", "/retailcore/stock/11");
        assertThat(answer.getMessage().getBody(String.class)).contains("\"unitsInStock\":22");
        assertThat(answer.getProperty(FacadeHeaders.TIMEOUT_MS_PROPERTY)).isNull();
        assertThat(trafficControl.shadowed).isEqualTo(2);
    }

    @Test
    void shouldStopWithA400BeforeTrafficControlWhenTheRequestIsInvalid() {
        Exchange answer = get("facade-get-product", "abc");

        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(answer.getMessage().getBody(String.class)).contains("\"invalidParams\"");
        assertThat(legacyCalls).isEmpty();
        assertThat(trafficControl.dispatched).isEmpty();
    }

    @Test
    void shouldRefuseAnInstanceWithAnUnknownOrAMissingParameterOrAnUnknownCache() throws Exception {
        assertThat(loadError("""
                - templatedRoute:
                    routeTemplateRef: facade-legacy-read
                    routeId: facade-bad
                    parameters:
                      - {name: requestPath, value: /x}
                      - {name: request, value: productQuery}
                      - {name: mapping, value: x.xsl}
                      - {name: colour, value: red}
                """)).contains("templatedRoute facade-bad of facade-legacy-read in file:")
                .contains("unknown parameter colour");
        assertThat(loadError("""
                - templatedRoute:
                    routeTemplateRef: facade-legacy-read
                    routeId: facade-bad
                    parameters:
                      - {name: requestPath, value: /x}
                """)).contains("missing parameter(s) mapping, request");
        assertThat(loadError("""
                - templatedRoute:
                    routeTemplateRef: facade-legacy-read
                    routeId: facade-bad
                    parameters:
                      - {name: requestPath, value: /x}
                      - {name: request, value: productQuery}
                      - {name: mapping, value: x.xsl}
                      - {name: cache, value: everything}
                """)).contains("cache must be one of");
    }

    @Test
    void shouldFindTheLineOfARouteIdInBlockAndFlowStyle() {
        String text = "- templatedRoute:\n    routeId: a-b\n- templatedRoute: {routeId: \"a\", x: 1}\n"
                + "- templatedRoute:\n    routeId: 'a-b' # again\n";

        assertThat(FacadeRouteTemplate.lineOf(text, "a-b", 0)).isEqualTo(2);
        assertThat(FacadeRouteTemplate.lineOf(text, "a-b", 2)).isEqualTo(5);
        assertThat(FacadeRouteTemplate.lineOf(text, "a", 0)).isEqualTo(3);
        assertThat(FacadeRouteTemplate.lineOf(text, "b", 0)).isZero();
    }

    private Exchange get(String routeId, String id) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader("id", id);
        return camel.createProducerTemplate().send("direct:" + routeId, exchange);
    }

    private String loadError(String yaml) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.camel.yaml"), yaml);
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> PluginHelper.getRoutesLoader(camel).loadRoutes(resource(bad)))
                .satisfies(t -> thrown[0] = t);
        Throwable cause = thrown[0];
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private Resource resource(Path path) {
        return PluginHelper.getResourceLoader(camel).resolveResource("file:" + path);
    }

    /** Stands in for the bean {@code trafficControl}: always legacy, remembers what it saw. */
    public static class TrafficControlStub {
        final List<String> dispatched = new ArrayList<>();
        int shadowed;

        public void dispatch(Exchange exchange, String routeId) {
            dispatched.add(routeId);
        }

        public void shadow(Exchange exchange) {
            shadowed++;
        }
    }
}
