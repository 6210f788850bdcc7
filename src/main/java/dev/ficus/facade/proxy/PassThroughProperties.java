package dev.ficus.facade.proxy;

import dev.ficus.platform.StartupCheckException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the pass-through proxy, block {@code facade.passthrough} in {@code application.yml}.
 *
 * <p>Each route sends every request under {@code path-prefix} to {@code target} with the prefix stripped:
 * {@code <path-prefix>/x/y?q} goes to {@code <target>/x/y?q}, byte for byte.
 *
 * @param routes the pass-through routes; path prefixes must be distinct
 */
@ConfigurationProperties("facade.passthrough")
public record PassThroughProperties(@DefaultValue List<Route> routes) {

    /**
     * Checks that ids and path prefixes are unique.
     *
     * @throws IllegalArgumentException when two routes share an id or a path prefix
     */
    public PassThroughProperties {
        routes = List.copyOf(routes);
        Set<String> ids = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (Route route : routes) {
            if (!ids.add(route.id())) {
                throw new IllegalArgumentException("facade.passthrough.routes: id '" + route.id() + "' is used twice");
            }
            if (!prefixes.add(route.pathPrefix())) {
                throw new IllegalArgumentException("facade.passthrough.routes: path-prefix '" + route.pathPrefix()
                        + "' is used twice");
            }
        }
    }

    /**
     * One pass-through route.
     *
     * @param id                metric tag and log name, e.g. {@code legacy}
     * @param pathPrefix        requests under this path go to the target, e.g. {@code /legacy}; starts with
     *                          {@code /}, no trailing {@code /}, no wildcard
     * @param target            absolute {@code http} or {@code https} URI without query; its path (if any) replaces
     *                          the prefix
     * @param connectTimeoutMs  ms to open a TCP connection to the target (then 503); also the longest wait for a
     *                          free pooled connection
     * @param responseTimeoutMs ms the target may stay silent, before its response starts and between two reads of
     *                          its body (then 504, or the client connection is aborted once the answer streams)
     * @param maxConnections    pooled connections to the target, at most
     */
    public record Route(String id, String pathPrefix, URI target,
                        @DefaultValue("2000") int connectTimeoutMs,
                        @DefaultValue("10000") int responseTimeoutMs,
                        @DefaultValue("200") int maxConnections) {

        /**
         * Validates the route.
         *
         * @throws IllegalArgumentException naming the key and what is wrong with it
         * @throws StartupCheckException    when the target is empty (by default it is {@code LEGACY_BASE_URL})
         */
        public Route {
            String key = "facade.passthrough.routes[" + id + "]";
            if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException(key + ".id must be kebab-case, was '" + id + "'");
            }
            if (pathPrefix == null || !pathPrefix.matches("(/[A-Za-z0-9._~!$&'()+,;=:@-]+)+")) {
                throw new IllegalArgumentException(key + ".path-prefix must look like /legacy (a literal path "
                        + "without trailing slash or wildcard), was '" + pathPrefix + "'");
            }
            if (target == null) {
                throw new StartupCheckException(key + ".target is empty: RetailCore is not configured: set "
                        + "LEGACY_BASE_URL (legacy.base-url), e.g. http://retailcore.internal:7001; to try Ficus with "
                        + "a RetailCore mimic run ./mvnw spring-boot:test-run");
            }
            if (target.getHost() == null || target.getRawQuery() != null
                    || target.getRawFragment() != null
                    || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
                throw new IllegalArgumentException(key + ".target must be an absolute http(s) URI without query, "
                        + "was '" + target + "'");
            }
            if (connectTimeoutMs <= 0 || responseTimeoutMs <= 0 || maxConnections <= 0) {
                throw new IllegalArgumentException(key + ": connect-timeout-ms, response-timeout-ms and "
                        + "max-connections must be positive");
            }
        }
    }
}
