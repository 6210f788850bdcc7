package dev.ficus.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.modulith.NamedInterface;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * Ficus's HTTP surfaces, each opened by one {@link Role} (or open to everyone), judged on the request path.
 *
 * <p>The path is judged as Spring MVC would map it and more strictly: percent-decoded, {@code ;} parameters
 * removed, {@code //} collapsed, {@code .}/{@code ..} resolved, in any letter case. The raw request URI, cleaned the
 * same way but not decoded, is judged too, and when either form is an operator path the request is one. So
 * {@code /%61dmin/...}, {@code /admi%6E/...}, {@code /ADMIN/...}, {@code /admin;x/...}, {@code //admin/...},
 * {@code /api/../admin/...} are all {@link #OPERATOR}; {@code /console/assets/../ledger} is judged as
 * {@code /console/ledger} (operator), {@code /console/} with its slash is operator too (only {@code /console} is the shell). Everything that is none of the named surfaces is
 * {@link #PASS_THROUGH} (the proxy's prefixes, and paths nothing serves: refused before they could answer 404).
 *
 * <p>Named interface {@code security} of the platform module (alone in it): the façade documents the refusals of
 * each surface in its API document.
 */
@NamedInterface("security")
public enum Surface {

    /** {@code /api/v1/openapi.json}, {@code /api/v1/docs/**} and the docs UI's resources: open to everyone. */
    DOCS(null, "/api/v1/openapi.json, /api/v1/docs/**, /api/v1/swagger-ui/**"),
    /**
     * The migration console's page shell {@code /console} and its static assets {@code /console/assets/**} (CSS,
     * the console's script): open, they carry no data. Every other {@code /console/**} path (the data fragments) is
     * {@link #OPERATOR}.
     */
    CONSOLE_SHELL(null, "/console (the console's page shell, no data), /console/assets/**"),
    /** {@code /actuator/health} and everything under it (liveness, readiness): open; details need a role. */
    HEALTH(null, "/actuator/health/**"),
    /** POS over HTTP, {@code /api/v1/pos/**}. */
    POS(Role.POS_PRODUCER, "/api/v1/pos/**"),
    /** The modern API, {@code /api/v1/**}. */
    API(Role.API_CLIENT, "/api/v1/**"),
    /** Running Ficus: {@code /admin/**} (reads too), {@code /console/**}, the change event stream {@code /cdc/**}. */
    OPERATOR(Role.OPERATOR, "/admin/**, /console/**, /cdc/**"),
    /** Actuator endpoints other than health: metrics, info, camelroutes, prometheus. */
    MONITORING(Role.MONITORING, "/actuator/**"),
    /** The pass-through proxy ({@code /legacy/**}) and any other path. */
    PASS_THROUGH(Role.API_CLIENT, "/legacy/** and any other path");

    private static final UrlPathHelper DECODED_PATHS = decodedPaths();
    private static final String ATTRIBUTE = Surface.class.getName();

    private final Role role;
    private final String paths;

    Surface(Role role, String paths) {
        this.role = role;
        this.paths = paths;
    }

    /** @return the role that opens the surface, or null when it is open to everyone */
    public Role role() {
        return role;
    }

    /** @return the surface's paths, for logs and messages, e.g. {@code /admin/**, /console/**} */
    public String paths() {
        return paths;
    }

    /**
     * @param request an HTTP request
     * @return the surface it addresses (see the class comment for how its path is judged)
     */
    public static Surface of(HttpServletRequest request) {
        // judged once per request: the security chain asks up to three times (open? role? rate-limited?)
        // (a forward or error dispatch has another URI and is judged again)
        String uri = request.getRequestURI();
        if (request.getAttribute(ATTRIBUTE) instanceof Judged judged && judged.uri().equals(uri)) {
            return judged.surface();
        }
        Surface decoded = ofPath(normalised(DECODED_PATHS.getLookupPathForRequest(request)));
        Surface raw = ofPath(normalised(uri));
        Surface surface = raw == OPERATOR ? OPERATOR : decoded;
        request.setAttribute(ATTRIBUTE, new Judged(uri, surface));
        return surface;
    }

    /**
     * @return whether the per-client rate limit ({@code ficus.security.rate-limit}, answering 429 with
     *         {@code Retry-After}) applies: {@link #API} and {@link #POS}, that is {@code /api/v1/**} apart from the
     *         API document and its UI
     */
    public boolean rateLimited() {
        return this == API || this == POS;
    }

    /**
     * @param path a request path as written in an API document, e.g. {@code /api/v1/orders/{id}}
     * @return its surface, judged as a request's (see the class comment)
     */
    public static Surface ofDocumentedPath(String path) {
        return ofPath(normalised(path));
    }

    /**
     * @param path a normalised path (see {@link #normalised(String)})
     * @return its surface
     */
    static Surface ofPath(String path) {
        if (path.equals("/api/v1/openapi.json") || under(path, "/api/v1/docs") || under(path, "/api/v1/swagger-ui")
                || under(path, "/swagger-ui")
                || under(path, "/internal/springdoc") || under(path, "/webjars")) {
            return DOCS;
        }
        if (path.equals("/console") || under(path, "/console/assets")) {
            return CONSOLE_SHELL;
        }
        if (under(path, "/actuator/health")) {
            return HEALTH;
        }
        if (under(path, "/actuator")) {
            return MONITORING;
        }
        if (under(path, "/api/v1/pos")) {
            return POS;
        }
        if (under(path, "/api/v1")) {
            return API;
        }
        if (under(path, "/admin") || under(path, "/console") || under(path, "/cdc")) {
            return OPERATOR;
        }
        return PASS_THROUGH;
    }

    /**
     * @param path a request path, decoded or not
     * @return the path with {@code ;} parameters removed, {@code //} collapsed, {@code .}/{@code ..} resolved, in
     *         lower case, starting with {@code /}
     */
    static String normalised(String path) {
        String p = path == null ? "/" : path;
        if (p.indexOf(';') >= 0 || p.contains("//")) {
            p = p.replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
        }
        p = StringUtils.cleanPath(p).toLowerCase(Locale.ROOT);
        while (p.startsWith("../") || p.startsWith("/../")) {
            p = p.substring(p.indexOf("../") + 2);
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    private record Judged(String uri, Surface surface) {
    }

    private static boolean under(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    private static UrlPathHelper decodedPaths() {
        UrlPathHelper helper = new UrlPathHelper();
        helper.setAlwaysUseFullPath(true);
        helper.setUrlDecode(true);
        helper.setRemoveSemicolonContent(true);
        return helper;
    }
}
