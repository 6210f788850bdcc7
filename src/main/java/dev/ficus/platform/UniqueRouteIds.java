package dev.ficus.platform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Keeps route ids, and REST methods with paths, unique across route files ({@code routes/**}{@code /*.camel.yaml})
 * and Java routes, so a copied route file ({@code cp products.camel.yaml products-v2.camel.yaml}) never silently
 * replaces the routes of another.
 *
 * <p>At start-up (Camel calls this {@link ModelLifecycleStrategy} for every route definition added, before any
 * route starts) a second route with an id, or a REST method and path (path parameters unnamed), already declared
 * stops Ficus with a {@link StartupCheckException} naming both places as {@code path:line} (Java routes as
 * {@code Java class <name>:line}, which needs {@code camel.main.source-location-enabled=true}). Camel's own check
 * ({@code RoutesConfigurer}) names no file and skips REST verbs inlined with their {@code direct:} route, so a
 * copied façade file would start silently, the last file loaded winning. Files changed while Ficus runs are checked
 * by {@link UniqueRouteIdsRoutesLoader}.
 */
@Component
public class UniqueRouteIds implements ModelLifecycleStrategy, CamelContextConfiguration {

    /** Route id to where it was declared, for the routes added at start-up. */
    private final Map<String, String> declared = new HashMap<>();
    /** {@link #restKey REST method and path} to where it was declared, for the routes added at start-up. */
    private final Map<String, String> declaredRest = new HashMap<>();
    private volatile boolean starting = true;

    /**
     * @param route a route definition Camel is adding
     * @throws StartupCheckException while starting, when another route already has this id, or this REST method
     *                               and path
     */
    @Override
    public synchronized void onAddRouteDefinition(RouteDefinition route) {
        String id = route.getRouteId();
        if (!starting || id == null || id.isEmpty()) {
            return;
        }
        // a REST verb inlined with its direct: route carries that route's id and location
        String where = where(route.getInput() != null ? route.getInput() : route);
        String earlier = declared.putIfAbsent(id, where);
        if (earlier != null) {
            throw new StartupCheckException("route id " + id + " is declared twice: " + earlier + " and " + where
                    + "; route ids must be unique across route files and Java routes, rename one of them");
        }
        String uri = route.getInput() == null ? null : route.getInput().getEndpointUri();
        String rest = restKey(uri);
        String earlierRest = rest == null ? null : declaredRest.putIfAbsent(restMatch(rest), where);
        if (earlierRest != null) {
            throw new StartupCheckException("REST " + rest + " is declared twice: " + earlierRest + " and " + where
                    + "; a method and path may be served by one route only, remove or change one of them");
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // a route replaced at start-up is caught in onAddRouteDefinition; UniqueRouteIdsRoutesLoader guards reloads
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates have no route id of their own
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates have no route id of their own
    }

    /**
     * Called by Camel Spring Boot once the start-up routes are in, before Camel starts: ends the start-up check
     * (later changes go through {@link UniqueRouteIdsRoutesLoader}, which refuses instead of stopping Ficus).
     *
     * @param camelContext the application's Camel context, not started yet
     */
    @Override
    public synchronized void beforeApplicationStart(CamelContext camelContext) {
        starting = false;
        declared.clear();
        declaredRest.clear();
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do
    }

    /**
     * @param node a route's input or any node with a source location
     * @return where it is declared: {@code routes/facade/products.camel.yaml:78},
     *         {@code Java class dev.ficus.facade.LegacyCallRoutes:56}, or {@code "a Java route"} when Camel recorded
     *         no location
     */
    static String where(LineNumberAware node) {
        String location = node.getLocation();
        if (location == null || location.isBlank()) {
            return "a Java route";
        }
        return display(node.getLineNumber() > 0 ? location + ":" + node.getLineNumber() : location);
    }

    /**
     * @param uri a route's input URI; REST DSL verbs become {@code rest:get:/api/v1/products:/{id}?...}
     * @return {@code "GET /api/v1/products/{id}"} for a REST input (path parameters named as given, trailing slash
     *         dropped), {@code null} for any other input
     */
    static String restKey(String uri) {
        if (uri == null || !uri.startsWith("rest:")) {
            return null;
        }
        String rest = uri.substring("rest:".length()).replaceFirst("^//", "");
        int query = rest.indexOf('?');
        rest = URLDecoder.decode(query < 0 ? rest : rest.substring(0, query), StandardCharsets.UTF_8);
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String path = ("/" + rest.substring(colon + 1).replace(':', '/')).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return rest.substring(0, colon).toUpperCase(Locale.ROOT) + " " + path;
    }

    /**
     * @param restKey a {@link #restKey} result
     * @return it with path parameters unnamed ({@code GET /api/v1/products/{}}), as HTTP matching sees it
     */
    static String restMatch(String restKey) {
        return restKey.replaceAll("\\{[^}/]*}", "{}");
    }

    /**
     * @param location a Camel source location, {@code file:<path>[:line]} or {@code source:<class>[:line]}
     * @return it for people: the path, or {@code Java class <class>[:line]}
     */
    static String display(String location) {
        if (location.startsWith("file:")) {
            return location.substring("file:".length());
        }
        if (location.startsWith("source:")) {
            return "Java class " + location.substring("source:".length());
        }
        return location;
    }
}
