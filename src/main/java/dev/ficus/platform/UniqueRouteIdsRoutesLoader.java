package dev.ficus.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.engine.DefaultRoutesLoader;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's routes loader, except that reloading a route file ({@link #updateRoutes}, called by Camel's route watcher
 * when {@code camel.main.routes-reload-enabled} is on) refuses a file that declares a route id belonging to a
 * running route of another file or to a Java route, or that serves a REST method and path (path parameters
 * unnamed: {@code GET /api/v1/products/{}}) another file's route serves. Camel would replace that route silently,
 * or let the new REST route take the requests; here the running routes stay as they are, the refusal is logged at
 * ERROR once per file and content, and the route watcher's {@link RouteWatcherReloadStrategy#getLastError() last
 * error} holds it. The other files of the same reload (Camel retries files that failed before) load as usual.
 *
 * <p>A file may always replace its own routes. A route also moves to the changed file when the file that declared
 * it no longer does (deleted, renamed, or the route cut out of it). Declarations are read with this loader's own
 * {@link #findRoutesBuilders} (nothing is added to Camel for the check): the ids of {@code route}s and of REST
 * verbs ({@code rest.get[].id}), which Camel uses as route ids, and each verb's method and path.
 *
 * <p>Camel creates it from {@code META-INF/services/org/apache/camel/routes-loader} ({@code RoutesLoader.FACTORY}).
 * Clashes at start-up are {@link UniqueRouteIds}'s job.
 */
public class UniqueRouteIdsRoutesLoader extends DefaultRoutesLoader {

    private static final Logger log = LoggerFactory.getLogger(UniqueRouteIdsRoutesLoader.class);

    /** Last refusal logged per file, so the several watch events of one save or copy log it once. */
    private final Map<Path, String> refused = new ConcurrentHashMap<>();

    /**
     * @param resources the route files to (re)load, e.g. {@code file:routes/facade/products-v2.camel.yaml}
     * @return ids of the routes added or replaced, from the files that were not refused
     * @throws Exception when Camel cannot load an accepted file (as {@link DefaultRoutesLoader#updateRoutes})
     */
    @Override
    public Set<String> updateRoutes(Collection<Resource> resources) throws Exception {
        if (resources == null) {
            return super.updateRoutes((Collection<Resource>) null);
        }
        List<Resource> accepted = new ArrayList<>();
        for (Resource resource : resources) {
            Path file = file(resource);
            String clashes = clashes(resource, file);
            if (clashes == null) {
                accepted.add(resource);
                if (file != null) {
                    refused.remove(file);
                }
            } else {
                refuse(file, clashes);
            }
        }
        return super.updateRoutes(accepted);
    }

    private void refuse(Path file, String clashes) {
        String message = "route file " + file + " not loaded, the running routes are unchanged: " + clashes
                + ". Route ids and REST paths must be unique across route files and Java routes: change them in "
                + file;
        RouteWatcherReloadStrategy watcher = getCamelContext().hasService(RouteWatcherReloadStrategy.class);
        if (watcher != null) {
            watcher.setLastError(new IllegalStateException(message));
        }
        if (message.equals(refused.put(file, message))) {
            log.debug("{} (again)", message);
        } else {
            log.error(message);
        }
    }

    /**
     * @return {@code null} when the resource may be loaded, else which ids and REST paths are taken by whom
     */
    private String clashes(Resource resource, Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;                                  // not a file, or deleted: Camel loads nothing from it
        }
        Declared declared;
        try {
            declared = declared(resource);
        } catch (Exception e) {
            return null;                                  // unreadable: Camel's own loading reports why
        }
        List<String> clashes = new ArrayList<>();
        declared.ids().forEach((id, where) -> {
            Route running = getCamelContext().getRoute(id);
            if (running == null) {
                return;
            }
            Resource owner = running.getSourceResource();
            Path ownerFile = owner == null ? null : file(owner);
            if (file.equals(ownerFile)) {
                return;                                   // the file's own route
            }
            String ownerWhere = ownerFile == null ? sourceOf(running)
                    : stillDeclared(owner, ownerFile, d -> d.ids().get(id));
            if (ownerWhere != null) {
                clashes.add("route id " + id + " (" + where + ") is already declared in " + ownerWhere);
            }
        });
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition running : model.getRouteDefinitions()) {
            String rest = UniqueRouteIds.restKey(running.getInput() == null ? null
                    : running.getInput().getEndpointUri());
            Declaration mine = rest == null ? null : declared.rest().get(UniqueRouteIds.restMatch(rest));
            if (mine == null || declared.ids().containsKey(running.getRouteId())) {
                continue;                                 // not served by this file, or replaced by it (same id)
            }
            Resource owner = running.getResource();
            Path ownerFile = owner == null ? null : file(owner);
            if (file.equals(ownerFile)) {
                continue;
            }
            String ownerWhere = ownerFile == null ? UniqueRouteIds.where(running.getInput())
                    : stillDeclared(owner, ownerFile, d -> {
                        Declaration theirs = d.rest().get(UniqueRouteIds.restMatch(rest));
                        return theirs == null ? null : theirs.where();
                    });
            if (ownerWhere != null) {
                clashes.add("REST " + mine.what() + " (" + mine.where() + ") is already served by route "
                        + running.getRouteId() + " in " + ownerWhere);
            }
        }
        return clashes.isEmpty() ? null : String.join(", ", clashes);
    }

    /** @return where the owner file still declares it, {@code null} if it no longer does */
    private String stillDeclared(Resource owner, Path ownerFile, Function<Declared, String> where) {
        if (!Files.isRegularFile(ownerFile)) {
            return null;
        }
        try {
            return where.apply(declared(owner));
        } catch (Exception e) {
            return ownerFile.toString();                  // being edited: it keeps its running routes
        }
    }

    /** What a route file declares, read with Camel's loader and not added to Camel. */
    private record Declared(Map<String, String> ids, Map<String, Declaration> rest) {
    }

    /** @param what e.g. {@code GET /api/v1/products/{id}}; @param where {@code path:line} */
    private record Declaration(String what, String where) {
    }

    /**
     * @return route id to where it is declared ({@code path:line}), and {@link UniqueRouteIds#restMatch REST
     *         method and path} to what and where, in file order
     */
    private Declared declared(Resource resource) throws Exception {
        Declared declared = new Declared(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (RoutesBuilder builder : findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(getCamelContext()).getRoutes()) {
                    if (route.getRouteId() != null) {
                        declared.ids().putIfAbsent(route.getRouteId(), UniqueRouteIds.where(route.getInput()));
                    }
                }
                for (RestDefinition rest : routes.configureRests(getCamelContext()).getRests()) {
                    for (VerbDefinition verb : rest.getVerbs()) {
                        String where = UniqueRouteIds.where(verb);
                        String id = verb.getRouteId() != null ? verb.getRouteId() : verb.getId();
                        if (id != null) {
                            declared.ids().putIfAbsent(id, where);
                        }
                        String key = UniqueRouteIds.restKey(rest.buildFromUri(getCamelContext(), verb));
                        if (key != null) {
                            declared.rest().putIfAbsent(UniqueRouteIds.restMatch(key), new Declaration(key, where));
                        }
                    }
                }
            }
        }
        return declared;
    }

    private static String sourceOf(Route route) {
        String location = route.getSourceLocation();
        return location == null ? "a Java route" : UniqueRouteIds.display(location);
    }

    /** @return the absolute file of a {@code file:} resource, else {@code null} */
    private static Path file(Resource resource) {
        String location = resource.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }
}
