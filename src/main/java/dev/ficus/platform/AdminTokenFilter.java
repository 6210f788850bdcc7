package dev.ficus.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every change made through Ficus's admin API ({@code /admin/**}: traffic states, CDC snapshots, and any
 * admin endpoint added later) with one bearer token, {@code ficus.admin-token} (env {@code FICUS_ADMIN_TOKEN}).
 *
 * <p>Requests with a method other than {@code GET}, {@code HEAD} or {@code OPTIONS} under {@code /admin/} need
 * {@code Authorization: Bearer <token>} (RFC 6750); without it, or with another token (compared in constant time),
 * they are answered 401 {@code application/problem+json} (RFC 9457: {@code type, title, status, detail,
 * instance, requestId}) with {@code WWW-Authenticate: Bearer realm="ficus-admin"}, before any controller runs. Reading admin
 * state stays open. An empty token leaves the admin API open to anyone who can reach the HTTP port: the start-up
 * log warns, and it is meant for a developer's machine only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class AdminTokenFilter extends OncePerRequestFilter {

    /** Path prefix of the admin API. */
    public static final String ADMIN_PATH = "/admin/";

    private static final Logger log = LoggerFactory.getLogger(AdminTokenFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final byte[] token;

    /**
     * @param token the admin token; empty (or blank) leaves the admin API open
     */
    public AdminTokenFilter(@Value("${ficus.admin-token:}") String token) {
        this.token = token == null ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
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
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !guarded() || READ_METHODS.contains(request.getMethod()) || !path.startsWith(ADMIN_PATH);
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
        ObjectNode problem = JSON.createObjectNode()
                .put("type", "about:blank")
                .put("title", "Unauthorized")
                .put("status", 401)
                .put("detail", "changes through the admin API need Authorization: Bearer <ficus.admin-token>")
                .put("instance", request.getRequestURI());
        String requestId = MDC.get("requestId");   // set by dev.ficus.facade.RequestIds, which runs first
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        byte[] bytes = JSON.writeValueAsBytes(problem);
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"ficus-admin\"");
        response.setContentType("application/problem+json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
