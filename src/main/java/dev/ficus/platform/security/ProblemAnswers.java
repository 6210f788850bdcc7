package dev.ficus.platform.security;

import dev.ficus.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's refusals as RFC 9457 {@code application/problem+json} through the one writer
 * ({@link Problems}: {@code type, title, status, detail, instance, requestId}), before any controller, Camel route
 * or backend sees the request.
 *
 * <ul>
 *   <li>401, no or a wrong credential: {@code WWW-Authenticate: Bearer realm="ficus"} (RFC 6750; with
 *       {@code error="invalid_token"} when a bearer token was refused) and {@code WWW-Authenticate: ApiKey
 *       realm="ficus", header="X-API-Key"};</li>
 *   <li>403, a credential without the surface's role (a loopback caller without credential gets the 401): {@code WWW-Authenticate: Bearer realm="ficus",
 *       error="insufficient_scope"};</li>
 *   <li>400, a request line Spring Security's firewall refuses (e.g. a {@code %00} or a {@code ..} segment).</li>
 * </ul>
 */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String REALM = "Bearer realm=\"ficus\"";
    static final String API_KEY_CHALLENGE = "ApiKey realm=\"ficus\", header=\"" + ApiKeys.HEADER + "\"";

    private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

    private final Problems problems;

    ProblemAnswers(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Surface surface = Surface.of(request);
        boolean badToken = e instanceof OAuth2AuthenticationException;
        String detail = request.getHeader(ApiKeys.HEADER) != null || request.getHeader("Authorization") != null
                ? "credential refused: " + e.getMessage()
                : surface.paths() + " needs a credential for role " + surface.role() + ": header "
                  + ApiKeys.HEADER + " or Authorization: Bearer <JWT>";
        log.warn("{} {} refused (401): {}", request.getMethod(), request.getRequestURI(), detail);
        response.addHeader("WWW-Authenticate", badToken ? REALM + ", error=\"invalid_token\"" : REALM);
        response.addHeader("WWW-Authenticate", API_KEY_CHALLENGE);
        problems.write(request, response, Problems.problem(401, detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var who = SecurityContextHolder.getContext().getAuthentication();
        if (SurfaceAccess.isLoopbackCaller(who)) {
            commence(request, response, new InsufficientAuthenticationException("no credential presented"));
            return;
        }
        Surface surface = Surface.of(request);
        String detail = (who == null ? "the caller" : who.getName()) + " lacks role " + surface.role()
                + ", which " + surface.paths() + " needs";
        log.warn("{} {} refused (403): {}", request.getMethod(), request.getRequestURI(), detail);
        response.addHeader("WWW-Authenticate", REALM + ", error=\"insufficient_scope\"");
        problems.write(request, response, Problems.problem(403, detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.warn("{} {} refused (400): {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        problems.write(request, response, Problems.problem(400, e.getMessage()));
    }
}
