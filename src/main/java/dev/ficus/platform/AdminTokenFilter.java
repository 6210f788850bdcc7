package dev.ficus.platform;

import dev.ficus.platform.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every change made through Ficus's admin API ({@code /admin/**}: traffic states, CDC snapshots, and any
 * admin endpoint added later) with one bearer token, {@code ficus.admin-token} (env {@code FICUS_ADMIN_TOKEN}).
 *
 * <p>Requests with a method other than {@code GET}, {@code HEAD} or {@code OPTIONS} under {@code /admin/} need
 * {@code Authorization: Bearer <token>} (RFC 6750); without it, or with another token (compared in constant time),
 * they are answered 401 {@code application/problem+json} (RFC 9457: {@code type, title, status, detail,
 * instance, requestId}, written by {@link Problems}) with {@code WWW-Authenticate: Bearer realm="ficus-admin"},
 * before any controller runs. Reading admin state stays open. An empty token leaves the admin API open to anyone
 * who can reach the HTTP port: the start-up log warns, and it is meant for a developer's machine only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@EnableConfigurationProperties(AdminApiProperties.class)
public class AdminTokenFilter extends OncePerRequestFilter {

    /** Path prefix of the admin API. */
    public static final String ADMIN_PATH = "/admin/";

    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final UrlPathHelper LOOKUP_PATHS = lookupPaths();

    private static UrlPathHelper lookupPaths() {
        UrlPathHelper helper = new UrlPathHelper();
        helper.setAlwaysUseFullPath(true);
        helper.setUrlDecode(true);
        helper.setRemoveSemicolonContent(true);
        return helper;
    }

    private final byte[] token;
    private final Problems problems;

    /**
     * @param properties the admin token; null, empty or blank leaves the admin API open
     * @param problems   writes the 401 answer
     */
    public AdminTokenFilter(AdminApiProperties properties, Problems problems) {
        String token = properties.adminToken();
        this.token = token == null ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
        if (this.token.length == 0) {
            log.warn("ficus.admin-token (FICUS_ADMIN_TOKEN) is empty: anyone who can reach the HTTP port can change "
                    + "traffic states and start snapshots through /admin/**");
        }
    }

    /** @return true when changes through the admin API need the token */
    public boolean guarded() {
        return token.length > 0;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !guarded() || READ_METHODS.contains(request.getMethod()) || !isAdminPath(request);
    }

    /**
     * Whether the request is for the admin API, judged on the path Spring MVC itself maps to a handler: percent-
     * decoded, {@code ;} parameters removed, {@code //} collapsed, {@code .}/{@code ..} resolved, any letter case.
     * So {@code /%61dmin/...}, {@code /admi%6E/...}, {@code /admin;x/...}, {@code //admin/...} or
     * {@code /api/../admin/...} cannot reach an admin handler past the token check.
     *
     * @param request the request
     * @return true for {@code /admin} and everything under it
     */
    static boolean isAdminPath(HttpServletRequest request) {
        String lookup = LOOKUP_PATHS.getLookupPathForRequest(request);
        String path = StringUtils.cleanPath(lookup.replaceAll("/{2,}", "/")).toLowerCase(Locale.ROOT);
        String raw = StringUtils.cleanPath(request.getRequestURI().replaceAll("/{2,}", "/")).toLowerCase(Locale.ROOT);
        return isAdmin(path) || isAdmin(raw);
    }

    private static boolean isAdmin(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.equals("/admin") || p.startsWith(ADMIN_PATH) || p.startsWith("/admin;");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        byte[] given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(token, given)) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("{} {} refused: {}", request.getMethod(), request.getRequestURI(),
                authorization == null ? "no Authorization header" : "wrong admin token");
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ficus-admin\"");
        problems.write(request, response, Problems.problem(401,
                "changes through the admin API need Authorization: Bearer <ficus.admin-token>"));
    }
}
