package dev.ficus.facade;

import dev.ficus.platform.web.FicusHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteBuilderLifecycleStrategy;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.language.ConstantExpression;
import org.apache.camel.model.language.SimpleExpression;
import org.apache.camel.spi.Resource;
import org.springframework.stereotype.Component;

/**
 * The one skeleton of the façade's read routes, the Camel route template {@value #ID}: route files instantiate it
 * with Camel's YAML {@code templatedRoute}, one per route, e.g.
 * <pre>
 * - templatedRoute:
 *     routeTemplateRef: facade-legacy-read
 *     routeId: facade-get-product                 # also the endpoint: direct:facade-get-product
 *     parameters:
 *       - {name: requestPath, value: "/api/v1/products/${header.id}"}
 *       - {name: request, value: "productId(${exchange}, '/retailcore/products/')"}
 *       - {name: mapping, value: product-to-json.xsl}
 *       - {name: cache, value: products}
 * </pre>
 * Parameters: {@code requestPath} (Simple language) the client's request path, the problem {@code instance};
 * {@code request} a method call on bean {@code facadeRequests} ({@link FacadeRequests}) that validates the request
 * and sets {@value FacadeHeaders#LEGACY_PATH}; {@code mapping} the XSLT under {@code adapters/retailcore/mappings/}
 * from RetailCore's XML to canonical JSON; optional {@code cache}, {@value FacadeCache#PRODUCTS} or
 * {@value FacadeCache#INVENTORY}, keyed by header {@code id}.
 *
 * <p>Each instance is the route {@code routeId} from {@code direct:<routeId>} (where its REST DSL verb hands off),
 * route configuration {@value FacadeErrorHandling#ID} ({@link FacadeErrorHandling}), with these steps:
 * <ol>
 *   <li>exchange property {@value dev.ficus.platform.web.FicusHeaders#REQUEST_PATH_PROPERTY} = {@code requestPath};
 *       {@value FacadeHeaders#TIMEOUT_MS_PROPERTY} = {@code facade.routes.<routeId>.timeout-ms} in ms
 *       ({@link FacadeProperties}; not configured: {@link LegacyCallRoutes}' default);</li>
 *   <li>{@code facadeRequests.<request>}: an invalid request is answered 400 ({@code application/problem+json})
 *       and the exchange stops;</li>
 *   <li>{@code trafficControl.dispatch(exchange, routeId)}: the modern side may answer and stop the exchange;</li>
 *   <li>with {@code cache}: {@code facadeCache.lookup}; a hit (body = cached JSON) skips the next step;</li>
 *   <li>{@value LegacyCallRoutes#CALL_LEGACY} (errors: 404, 502, 503, 504 problems), the XSLT (step id
 *       {@code translate-<routeId without "facade-">}) and, with {@code cache}, {@code facadeCache.store};</li>
 *   <li>header {@code Content-Type: application/json}, then {@code trafficControl.shadow} (last step).</li>
 * </ol>
 *
 * <p>Why not Camel's own templated routes: Camel creates them only after every route file is loaded, apart from
 * the file's routes, so their REST verbs would not be inlined (the REST route would get another id), reloading the
 * file would not recreate them and their ids would escape the unique-id checks
 * ({@code dev.ficus.platform.UniqueRouteIds}, {@code UniqueRouteIdsRoutesLoader}). Instead this
 * {@link RouteBuilderLifecycleStrategy} (Camel calls every one in its registry after a route builder, here one
 * route file, is configured: at start-up, on reload and when the reload check reads a file) turns each
 * {@code templatedRoute} of {@value #ID} into a plain route of that file, located ({@code path:line}) at its
 * {@code routeId}. Templated routes of other templates are left to Camel.
 *
 * <p>Errors: an instance without {@code routeId}, without a required parameter, with an unknown parameter or cache,
 * or with {@code prefixId}/{@code beans} fails loading its file with an {@link IllegalArgumentException} naming it.
 */
@Component
public class FacadeRouteTemplate implements RouteBuilderLifecycleStrategy {

    /** Id of the route template ({@code routeTemplateRef} of the instances). */
    public static final String ID = "facade-legacy-read";

    private static final Set<String> REQUIRED = Set.of("requestPath", "request", "mapping");
    private static final Set<String> OPTIONAL = Set.of("cache");
    private static final Set<String> CACHES = Set.of(FacadeCache.PRODUCTS, FacadeCache.INVENTORY);
    private static final String MAPPINGS = "xslt-saxon:file:adapters/retailcore/mappings/";

    private final FacadeProperties properties;

    /**
     * @param properties where the routes' timeouts come from ({@code facade.routes})
     */
    public FacadeRouteTemplate(FacadeProperties properties) {
        this.properties = properties;
    }

    /**
     * Replaces the builder's {@code templatedRoute}s of {@value #ID} by plain routes of the same builder.
     *
     * @param builder a configured route builder, e.g. one route file
     * @throws IllegalArgumentException for an invalid instance (see the class comment)
     */
    @Override
    public void afterConfigure(RouteBuilder builder) {
        List<TemplatedRouteDefinition> instances = builder.getTemplatedRouteCollection().getTemplatedRoutes()
                .stream().filter(t -> ID.equals(t.getRouteTemplateRef())).toList();
        if (instances.isEmpty()) {
            return;
        }
        Resource resource = builder.getResource();
        String text = text(resource);
        Map<String, Integer> lastLine = new HashMap<>();      // an id declared twice gets both its lines
        for (TemplatedRouteDefinition instance : instances) {
            RouteDefinition route = route(instance.getRouteId(), parameters(instance, resource));
            route.setResource(resource);
            if (resource != null) {
                int line = lineOf(text, instance.getRouteId(), lastLine.getOrDefault(instance.getRouteId(), 0));
                lastLine.put(instance.getRouteId(), line);
                route.getInput().setLocation(resource.getLocation());
                route.getInput().setLineNumber(line);
            }
            builder.getRouteCollection().route(route);
        }
        builder.getTemplatedRouteCollection().getTemplatedRoutes().removeAll(instances);
    }

    /**
     * @param routeId    the instance's route id, e.g. {@code facade-get-product}
     * @param parameters {@code requestPath}, {@code request}, {@code mapping} and optionally {@code cache}
     * @return the route the template makes of them
     */
    RouteDefinition route(String routeId, Map<String, String> parameters) {
        RouteDefinition route = new RouteDefinition("direct:" + routeId);
        route.routeId(routeId).routeConfigurationId(FacadeErrorHandling.ID);
        route.setProperty(FicusHeaders.REQUEST_PATH_PROPERTY, new SimpleExpression(parameters.get("requestPath")));
        Long timeoutMs = properties.timeoutMs(routeId);
        if (timeoutMs != null) {
            route.setProperty(FacadeHeaders.TIMEOUT_MS_PROPERTY, new ConstantExpression(timeoutMs.toString()));
        }
        route.bean("facadeRequests", parameters.get("request"));
        route.bean("trafficControl", "dispatch(${exchange}, '" + routeId + "')");
        ToDefinition translate = new ToDefinition(MAPPINGS + parameters.get("mapping"));
        translate.setId("translate-" + routeId.replaceFirst("^facade-", ""));
        String cache = parameters.get("cache");
        if (cache == null) {
            route.to(LegacyCallRoutes.CALL_LEGACY).addOutput(translate);
        } else {
            route.process(call("facadeCache", FacadeCache.class,
                    (c, e) -> c.lookup(e, cache, e.getMessage().getHeader("id", String.class))));
            // a cache hit skips RetailCore, then goes on like a fresh answer
            ChoiceDefinition choice = route.choice();
            choice.when(new SimpleExpression("${exchangeProperty." + FacadeCache.HIT_PROPERTY + "} != true"))
                    .to(LegacyCallRoutes.CALL_LEGACY);
            choice.addOutput(translate);
            choice.process(call("facadeCache", FacadeCache.class, FacadeCache::store));
            choice.end();
        }
        route.setHeader("Content-Type", new ConstantExpression("application/json"));
        route.bean("trafficControl", "shadow");
        return route;
    }

    /**
     * A step that calls a bean's method directly: the bean is looked up in the Camel registry on the first exchange
     * (routes are built before every bean exists) and kept. Cheaper than a {@code bean} step, which binds the
     * method's parameters from expressions on every exchange (about 8 % of a cache hit's CPU, async-profiler,
     * for the bean steps together).
     *
     * @throws org.apache.camel.NoSuchBeanException on an exchange, when the registry has no such bean
     */
    private static <T> Processor call(String name, Class<T> type, BeanCall<T> method) {
        return new Processor() {
            private volatile T bean;

            @Override
            public void process(Exchange exchange) throws Exception {
                T target = bean;
                if (target == null) {
                    target = exchange.getContext().getRegistry().lookupByNameAndType(name, type);
                    if (target == null) {
                        throw new NoSuchBeanException(name, type.getName());
                    }
                    bean = target;
                }
                method.call(target, exchange);
            }

            @Override
            public String toString() {
                return "call " + name;
            }
        };
    }

    @FunctionalInterface
    private interface BeanCall<T> {
        void call(T bean, Exchange exchange) throws Exception;
    }

    private static Map<String, String> parameters(TemplatedRouteDefinition instance, Resource resource) {
        String where = "templatedRoute " + instance.getRouteId() + " of " + ID
                + (resource == null ? "" : " in " + resource.getLocation());
        if (instance.getRouteId() == null || instance.getRouteId().isBlank()) {
            throw new IllegalArgumentException(where + ": routeId is required (the façade route id)");
        }
        if (instance.getPrefixId() != null || (instance.getBeans() != null && !instance.getBeans().isEmpty())) {
            throw new IllegalArgumentException(where + ": prefixId and beans are not supported");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<TemplatedRouteParameterDefinition> given = instance.getParameters() == null ? List.of()
                : instance.getParameters();
        for (TemplatedRouteParameterDefinition p : given) {
            if (!REQUIRED.contains(p.getName()) && !OPTIONAL.contains(p.getName())) {
                throw new IllegalArgumentException(where + ": unknown parameter " + p.getName() + "; known: "
                        + REQUIRED + " and optional " + OPTIONAL);
            }
            parameters.put(p.getName(), p.getValue());
        }
        List<String> missing = REQUIRED.stream().filter(r -> parameters.get(r) == null).sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + ": missing parameter(s) " + String.join(", ", missing));
        }
        String cache = parameters.get("cache");
        if (cache != null && !CACHES.contains(cache)) {
            throw new IllegalArgumentException(where + ": cache must be one of " + CACHES + ", was " + cache);
        }
        return parameters;
    }

    /** @return the route file's text, or {@code ""} when it has none to read */
    private static String text(Resource resource) {
        if (resource == null || !resource.exists()) {
            return "";
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * @param text     a YAML route file
     * @param routeId  a route id
     * @param after    a 1-based line; only later lines are searched (0: all)
     * @return the 1-based line after {@code after} declaring {@code routeId: <routeId>} (block or flow style,
     *         quoted or not), or 0 when there is none (Camel records no line for a {@code templatedRoute})
     */
    static int lineOf(String text, String routeId, int after) {
        Pattern declaration = Pattern.compile("\\brouteId:\\s*[\"']?" + Pattern.quote(routeId)
                + "[\"']?(?=[\\s,}#]|$)");
        String[] lines = text.split("\\R", -1);
        for (int i = after; i < lines.length; i++) {
            if (declaration.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }
}
