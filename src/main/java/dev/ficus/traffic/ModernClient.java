package dev.ficus.traffic;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls a route's modern service (JDK HttpClient, HTTP/1.1), each route behind its own Resilience4j circuit
 * breaker. The request's path and raw query are appended to the route's {@code modern-base-url}; only
 * {@code Accept}, {@code Content-Type}, {@code X-Request-Id}, {@code traceparent} and {@code tracestate} are
 * forwarded. Each call is a client span {@code modern <METHOD>} (tags {@code ficus.traffic.route},
 * {@code http.request.method}, {@code url.full}, {@code http.response.status_code}), a child of the current span
 * (the façade route's; on a shadow thread the one captured when the shadow was queued), and its
 * {@code traceparent}/{@code tracestate} replace the request's. An answer with status 5xx, a timeout, a refused connection or an open breaker is a
 * {@link ModernFailure}; every other status is an answer (the modern side's 404 is as valid as legacy's).
 *
 * <p>A 503 with {@code Retry-After} (RFC 9110 §10.2.3: the service says it is unavailable for now and when to come
 * back, e.g. the catalog before its read model holds the initial snapshot) is the failure {@code unavailable}: it
 * is not counted by the circuit breaker, and traffic control neither compares it nor counts it as a modern error
 * while legacy answers instead ({@link SidePolicy#gateError}), but still falls back to legacy.
 */
final class ModernClient {

    /**
     * The modern side's answer: status, {@code Content-Type}, {@code Location} (or null), the body text, and
     * {@code Retry-After} in seconds (delay-seconds form; an HTTP-date counts from now, at least 1; null when
     * absent or unreadable).
     */
    record Answer(int status, String contentType, String location, String body, Integer retryAfterS) {
    }

    /** Why a modern call failed; {@link #status()} is the façade's answer when there is no fallback. */
    static final class ModernFailure extends Exception {
        /** The modern side answered 503 with {@code Retry-After}: unavailable for now, not broken. */
        static final String UNAVAILABLE = "unavailable";

        final String reason;
        final int status;
        final int retryAfterS;

        ModernFailure(String reason, int status, String detail, Throwable cause) {
            this(reason, status, detail, cause, 5);
        }

        ModernFailure(String reason, int status, String detail, Throwable cause, int retryAfterS) {
            super(detail, cause);
            this.reason = reason;
            this.status = status;
            this.retryAfterS = retryAfterS;
        }

        int status() {
            return status;
        }

        /** @return seconds for the façade's own {@code Retry-After} when it answers 503 */
        int retryAfterS() {
            return retryAfterS;
        }

        boolean unavailable() {
            return UNAVAILABLE.equals(reason);
        }
    }

    private static final Set<String> FORWARDED = Set.of("Accept", "Content-Type", "X-Request-Id", "traceparent",
            "tracestate");

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig breakerConfig;
    private final Tracer tracer;
    private final Propagator propagator;

    /**
     * @param properties circuit breaker settings ({@code traffic.breaker-*})
     * @param tracer     makes the call's span ({@link Tracer#NOOP}: none)
     * @param propagator writes the span's W3C trace context into the request
     */
    ModernClient(TrafficProperties properties, Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.breakerFailureRatePercent())
                .minimumNumberOfCalls(properties.breakerMinimumCalls())
                .slidingWindowSize(Math.max(properties.breakerMinimumCalls(), 20))
                .waitDurationInOpenState(Duration.ofMillis(properties.breakerOpenMs()))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    /**
     * @param request the façade request (path without query, raw query or null, method, headers, body)
     * @return the modern answer (status below 500)
     * @throws ModernFailure on 5xx (502), timeout (504), refused/unreachable (503), open breaker (503)
     */
    Answer call(String routeId, TrafficRoute route, TrafficRequest request) throws ModernFailure {
        if (route.modernBaseUrl() == null || route.modernBaseUrl().isBlank()) {
            throw new ModernFailure("unconfigured", 503, "route " + routeId + " has no modern-base-url", null);
        }
        CircuitBreaker breaker = breakers.computeIfAbsent(routeId, id -> CircuitBreaker.of("traffic-" + id,
                breakerConfig));
        if (!breaker.tryAcquirePermission()) {
            throw new ModernFailure("circuit-open", 503, "modern circuit breaker of " + routeId + " is open",
                    CallNotPermittedException.createCallNotPermittedException(breaker));
        }
        long start = System.nanoTime();
        try {
            Answer answer = send(routeId, route, request);
            if (answer.status() == 503 && answer.retryAfterS() != null) {
                breaker.releasePermission();
                throw new ModernFailure(ModernFailure.UNAVAILABLE, 503, "modern side is unavailable for now "
                        + "(HTTP 503, Retry-After " + answer.retryAfterS() + " s)", null, answer.retryAfterS());
            }
            if (answer.status() >= 500) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IOException("HTTP "
                        + answer.status()));
                throw new ModernFailure("server-error", 502, "modern side answered HTTP " + answer.status(), null);
            }
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return answer;
        } catch (HttpConnectTimeoutException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw new ModernFailure("unreachable", 503, "modern side did not accept a connection in time", e);
        } catch (HttpTimeoutException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw new ModernFailure("timeout", 504, "modern side did not answer within "
                    + route.modernResponseTimeoutMs() + " ms", e);
        } catch (IOException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw new ModernFailure("unreachable", 503, "modern side is unreachable: "
                    + (e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw new ModernFailure("interrupted", 503, "interrupted while calling the modern side", e);
        }
    }

    private Answer send(String routeId, TrafficRoute route, TrafficRequest request)
            throws IOException, InterruptedException {
        HttpClient client = clients.computeIfAbsent(routeId, id -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(route.modernConnectTimeoutMs()))
                .build());
        String base = route.modernBaseUrl().endsWith("/")
                ? route.modernBaseUrl().substring(0, route.modernBaseUrl().length() - 1) : route.modernBaseUrl();
        String uri = base + request.uri();
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofMillis(route.modernResponseTimeoutMs()))
                .method(request.method(), body);
        request.forwardHeaders().forEach((name, value) -> {
            if (FORWARDED.stream().anyMatch(f -> f.equalsIgnoreCase(name))) {
                builder.header(name, value);
            }
        });
        Span span = tracer.spanBuilder().kind(Span.Kind.CLIENT).name("modern " + request.method())
                .tag("ficus.traffic.route", routeId).tag("http.request.method", request.method())
                .tag("url.full", uri).start();
        HttpResponse<String> response;
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            propagator.inject(span.context(), builder, HttpRequest.Builder::setHeader);
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            span.tag("http.response.status_code", response.statusCode());
        } catch (IOException | InterruptedException | RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Location").orElse(null), response.body(),
                response.headers().firstValue("Retry-After").map(ModernClient::retryAfterSeconds).orElse(null));
    }

    /** @return RFC 9110 {@code Retry-After} as seconds from now (delay-seconds or HTTP-date), or null */
    static Integer retryAfterSeconds(String value) {
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : (int) Math.min(Integer.MAX_VALUE, seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                long s = Duration.between(Instant.now(), ZonedDateTime.parse(v,
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toSeconds();
                return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** @return the breaker's state name (CLOSED, OPEN, HALF_OPEN), or CLOSED when never used */
    String breakerState(String routeId) {
        CircuitBreaker b = breakers.get(routeId);
        return b == null ? "CLOSED" : b.getState().name();
    }
}
