package dev.ficus.platform.security;

import dev.ficus.platform.web.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security for every HTTP surface of Ficus ({@link Surface} × {@link Role}).
 *
 * <p>Credentials, tried in this order: {@code X-API-Key} ({@link ApiKeys}); {@code Authorization: Bearer}
 * ({@link BearerAuthentication}: {@code ficus.admin-token}, else a JWT); a loopback caller without either gets the
 * roles that have no credential ({@link SurfaceAccess}). Stateless: no session, no cookie, no CSRF token, no login
 * page. Refusals are problem+json ({@link ProblemAnswers}); the modern API is rate-limited per client
 * ({@link RateLimits}). Spring Security's response headers are off: pass-through answers keep the target's headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties({HttpSecurityProperties.class, AdminApiProperties.class})
public class HttpSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HttpSecurityConfiguration.class);

    @Bean
    ApiKeys apiKeys(HttpSecurityProperties properties) {
        return new ApiKeys(properties.apiKeys());
    }

    @Bean
    BearerAuthentication bearerAuthentication(AdminApiProperties admin, ObjectProvider<JwtDecoder> decoder,
                                              HttpSecurityProperties properties) {
        return new BearerAuthentication(admin.token(), decoder.getIfAvailable(),
                new JwtRoles(properties.jwt().rolesClaim()));
    }

    /**
     * @throws dev.ficus.platform.StartupCheckException in profile {@code prod} when a surface has no credential
     */
    @Bean
    SurfaceAccess surfaceAccess(ApiKeys keys, BearerAuthentication bearer, HttpSecurityProperties properties,
                                Environment environment) {
        SurfaceAccess access = new SurfaceAccess(keys.roles(), bearer.hasAdminToken(), bearer.acceptsJwt(),
                properties.passThroughOpen());
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            access.requireCredentials();
        }
        if (!access.unguarded().isEmpty()) {
            log.warn("\n\n  !!! NO CREDENTIAL for {}: these surfaces are OPEN TO LOOPBACK CALLERS ONLY, refused (401) "
                    + "to everyone else. Set ficus.security.api-keys or a JWT issuer (see README, Security).\n",
                    SurfaceAccess.describe(access.unguarded()));
        }
        return access;
    }

    /**
     * Spring Security's firewall, relaxed only where the pass-through proxy needs the request as the client wrote
     * it: encoded {@code /}, {@code %}, {@code .}, {@code //}, {@code ;} and any method reach the proxy; it
     * refuses dot segments itself. Still refused (400): {@code ..}/{@code .} segments (after decoding), {@code \},
     * NUL, CR, LF, non-ASCII bytes in the request URI. Surfaces are judged on the decoded, normalised path.
     *
     * @return the firewall Spring Security applies to every request
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowUrlEncodedPeriod(true);
        firewall.setAllowSemicolon(true);
        firewall.getEncodedUrlBlocklist().remove("//");
        firewall.getDecodedUrlBlocklist().remove("//");
        firewall.setAllowedHeaderValues(value -> true);
        firewall.setAllowedHeaderNames(name -> true);
        return firewall;
    }

    /**
     * Spring Security's own observations (a timer and span around each of its ~15 filters and each authorisation)
     * are off: they cost about a tenth of a pass-through request's CPU (async-profiler, bench/run) and say nothing
     * the {@code http.server.requests} observation and the 401/403 counts do not.
     *
     * @return settings without filter-chain, authentication or authorisation observations
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * @return the one bean of type {@link RequestRejectedHandler} (Spring Security looks it up by type and quietly
     *         keeps its own, an empty 400, when there are two), also the entry point and access-denied handler
     */
    @Bean
    ProblemAnswers problemAnswers(Problems problems) {
        return new ProblemAnswers(problems);
    }

    @Bean
    SecurityFilterChain ficusSecurity(HttpSecurity http, ApiKeys keys, BearerAuthentication bearer,
                                      SurfaceAccess access, ProblemAnswers answers, Problems problems,
                                      HttpSecurityProperties properties) throws Exception {
        AuthenticationFilter apiKeyFilter = new AuthenticationFilter(keys::authenticate, keys);
        apiKeyFilter.setSuccessHandler((request, response, authentication) -> { });
        apiKeyFilter.setFailureHandler(new AuthenticationEntryPointFailureHandler(answers));
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .addFilterBefore(new UriLength(properties.maxUriChars(), problems), SecurityContextHolderFilter.class)
                .addFilterBefore(apiKeyFilter, BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new LoopbackCaller(access), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimits(properties.rateLimit(), problems), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(r -> open(Surface.of(r), access)).permitAll()
                        .anyRequest().access((authentication, context) -> decide(authentication, context, access)));
        return http.build();
    }

    private static boolean open(Surface surface, SurfaceAccess access) {
        return surface.role() == null || (surface == Surface.PASS_THROUGH && access.passThroughOpen());
    }

    /** The surface's role, or a loopback caller while the role has no credential. */
    private static AuthorizationDecision decide(Supplier<Authentication> authentication,
                                                RequestAuthorizationContext context, SurfaceAccess access) {
        HttpServletRequest request = context.getRequest();
        Role role = Surface.of(request).role();
        Authentication who = authentication.get();
        boolean granted = (access.openOnLoopback(role, request.getRemoteAddr())
                && !forgeable(request)) || (who != null
                && who.isAuthenticated() && who.getAuthorities().contains(role.authority()));
        return new AuthorizationDecision(granted);
    }

    /**
     * A loopback grant is not given to a request a page of another site may have made a browser send
     * ({@link SurfaceAccess#fromAnotherSite}). The {@code Host} is judged on the operator surface only (the console's
     * actions): clients of the modern API and the pass-through proxy name any host, e.g. the legacy host name they
     * were pointed at.
     */
    private static boolean forgeable(HttpServletRequest request) {
        return SurfaceAccess.fromAnotherSite(request, Surface.of(request) == Surface.OPERATOR);
    }

    /** 414 problem+json for a request URI longer than {@code ficus.security.max-uri-chars}, before anything else. */
    private static final class UriLength extends OncePerRequestFilter {
        private final int max;
        private final Problems problems;

        UriLength(int max, Problems problems) {
            this.max = max;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            int length = request.getRequestURI().length()
                    + (request.getQueryString() == null ? 0 : request.getQueryString().length() + 1);
            if (length > max) {
                problems.write(request, response, Problems.problem(414, "the request URI has " + length
                        + " characters; at most " + max + " are answered"));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Authenticates a loopback caller that brought no credential (see {@link SurfaceAccess#loopbackCaller}). */
    private static final class LoopbackCaller extends OncePerRequestFilter {
        private final SurfaceAccess access;

        LoopbackCaller(SurfaceAccess access) {
            this.access = access;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var context = SecurityContextHolder.getContext();
            if (context.getAuthentication() == null && !forgeable(request)) {
                Authentication loopback = access.loopbackCaller(request.getRemoteAddr());
                if (loopback != null) {
                    context.setAuthentication(loopback);
                }
            }
            chain.doFilter(request, response);
        }
    }
}
