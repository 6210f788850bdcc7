package dev.ficus.traffic;

import dev.ficus.platform.StartupCheckException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads and checks the reviewed traffic routes file ({@code traffic.routes-file}): YAML, key
 * {@code traffic.routes.<route id>} bound to {@link TrafficRoute}, {@code ${...}} placeholders resolved against the
 * application's environment.
 */
final class TrafficRoutesFile {

    private TrafficRoutesFile() {
    }

    /**
     * @param file        the traffic routes file
     * @param environment resolves {@code ${...}} in it
     * @return declared routes by id, in file order
     * @throws StartupCheckException when the file is missing or unreadable, a route id is not kebab-case, a route
     *                               starts in CANARY, a route not starting in LEGACY has no {@code modern-base-url},
     *                               or a declared rollout's steps do not rise within 1..100
     */
    static Map<String, TrafficRoute> load(Path file, Environment environment) {
        if (!Files.isRegularFile(file)) {
            throw new StartupCheckException("traffic routes file " + file.toAbsolutePath() + " does not exist "
                    + "(set TRAFFIC_ROUTES_FILE or traffic.routes-file)");
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("traffic-routes",
                    new FileSystemResource(file));
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(environment));
            Map<String, TrafficRoute> routes = new LinkedHashMap<>(binder.bind("traffic.routes",
                    Bindable.mapOf(String.class, TrafficRoute.class)).orElse(Map.of()));
            routes.forEach((id, route) -> check(file, id, route));
            return routes;
        } catch (IOException | RuntimeException e) {
            if (e instanceof StartupCheckException s) {
                throw s;
            }
            throw new StartupCheckException("traffic routes file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void check(Path file, String id, TrafficRoute route) {
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new StartupCheckException("traffic routes file " + file + ": route id '" + id
                    + "' is not kebab-case");
        }
        if (route.initialState() == MigrationState.CANARY) {
            throw new StartupCheckException("traffic routes file " + file + ": route " + id
                    + " cannot start in CANARY (no percent); start in LEGACY or SHADOW");
        }
        if (route.initialState() != MigrationState.LEGACY
                && (route.modernBaseUrl() == null || route.modernBaseUrl().isBlank())) {
            throw new StartupCheckException("traffic routes file " + file + ": route " + id
                    + " needs modern-base-url");
        }
        if (route.rollout() != null) {
            try {
                RolloutSteps.check(route.rollout().steps());
            } catch (TrafficException e) {
                throw new StartupCheckException("traffic routes file " + file + ": route " + id + " rollout: "
                        + e.getMessage());
            }
        }
    }
}
