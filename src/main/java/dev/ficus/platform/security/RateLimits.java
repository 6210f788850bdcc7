package dev.ficus.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ficus.platform.web.Problems;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limit on the modern API ({@link Surface#rateLimited()}: {@link Surface#API} and {@link Surface#POS},
 * {@code /api/v1/**}), after
 * authentication and authorisation. A client is its principal's name, or {@code addr:<remote address>} when
 * anonymous; each has its own Resilience4j {@link RateLimiter} ({@code limitForPeriod} permits refreshed every
 * {@code periodMs}, no waiting), kept in a Caffeine cache of at most {@code maxClients} (dropped after two idle
 * periods). Over the limit: 429 {@code application/problem+json} with {@code Retry-After} in whole seconds (at least
 * 1, RFC 9110 §10.2.3) until the next permit.
 */
final class RateLimits extends OncePerRequestFilter {

    private final Problems problems;
    private final HttpSecurityProperties.RateLimit settings;
    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters;

    RateLimits(HttpSecurityProperties.RateLimit settings, Problems problems) {
        this.problems = problems;
        this.settings = settings;
        this.config = RateLimiterConfig.custom().limitForPeriod(Math.max(1, settings.limitForPeriod()))
                .limitRefreshPeriod(Duration.ofMillis(settings.periodMs())).timeoutDuration(Duration.ZERO).build();
        this.limiters = Caffeine.newBuilder().maximumSize(settings.maxClients())
                .expireAfterAccess(Duration.ofMillis(2 * settings.periodMs())).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return settings.limitForPeriod() <= 0 || !Surface.of(request).rateLimited();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = client(request);
        RateLimiter limiter = limiters.get(client, c -> RateLimiter.of(c, config));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", String.valueOf(retryAfterSeconds(limiter)));
        problems.write(request, response, Problems.problem(429, "more than " + settings.limitForPeriod()
                + " requests in " + settings.periodMs() + " ms from " + client));
    }

    /**
     * @param request a request that passed authorisation
     * @return the principal's name, or {@code addr:<remote address>} for an anonymous caller
     */
    static String client(HttpServletRequest request) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated()
                ? "addr:" + request.getRemoteAddr() : who.getName();
    }

    private static long retryAfterSeconds(RateLimiter limiter) {
        long nanos = limiter instanceof AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait() : 1_000_000_000L;
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
