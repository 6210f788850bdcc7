package dev.ficus.platform.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP exchange a request id and the W3C trace context of its server span, before any route sees it.
 *
 * <p>{@code X-Request-Id}: a client's value is kept when it is 1 to 128 characters of {@code [A-Za-z0-9._:-]};
 * otherwise (missing or unsafe) a random UUID replaces it. {@code traceparent} (W3C Trace Context Level 1,
 * https://www.w3.org/TR/trace-context/): this filter runs right after Spring Boot's server observation, which
 * continued a valid client {@code traceparent} or started a new trace; routes see that server span's context as
 * the request's {@code traceparent} (and {@code tracestate} when it has one), so Camel's spans and every call Ficus
 * makes downstream are its children. With tracing off ({@code management.tracing.enabled=false}: no span) a valid
 * client value is kept, otherwise a new trace id is made up. Routes see both as request headers; the response
 * always carries {@code X-Request-Id}; the id is in the logging MDC under {@value #MDC_KEY} (the log pattern prints
 * it, beside the trace and span ids) on the request thread, where Camel's platform-http routes run
 * ({@link CallerThreadPlatformHttp}), and on Spring's task-executor threads through {@link #mdcPropagation()}.
 */
@Component
@Order(RequestIds.ORDER)
public class RequestIds extends OncePerRequestFilter {

    /**
     * Filter order: right after Spring Boot's {@code ServerHttpObservationFilter} ({@code HIGHEST_PRECEDENCE + 1}),
     * whose span is current here, and before every other filter (security, body limits).
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** MDC key of the request id. */
    public static final String MDC_KEY = "requestId";

    /** Request attribute holding the request id, still there on the container's error dispatch. */
    public static final String REQUEST_ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Tracer tracer;
    private final Propagator propagator;

    /** Without a tracer, as with tracing off: the client's valid {@code traceparent} or a new one. */
    public RequestIds() {
        this.tracer = Tracer.NOOP;
        this.propagator = Propagator.NOOP;
    }

    /**
     * @param tracer     Spring Boot's tracer (absent in slim contexts: no span, as with tracing off)
     * @param propagator writes a span's W3C trace context
     */
    @Autowired
    public RequestIds(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(FicusHeaders.REQUEST_ID);
        String requestId = isSafeRequestId(given) ? given : UUID.randomUUID().toString();
        Map<String, String> replaced = traceContext(request.getHeader(FicusHeaders.TRACEPARENT));
        replaced.put(FicusHeaders.REQUEST_ID, requestId);
        response.setHeader(FicusHeaders.REQUEST_ID, requestId);
        request.setAttribute(REQUEST_ATTRIBUTE, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(new WithHeaders(request, replaced), response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * @param given the client's {@code traceparent}, or {@code null}
     * @return {@code traceparent} (and {@code tracestate} when the span has one) of the current span; without one,
     *         {@code given} when valid, else a new one
     */
    private Map<String, String> traceContext(String given) {
        Map<String, String> context = new LinkedHashMap<>(2);
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), context, Map::put);
        }
        if (!isValidTraceparent(context.get(FicusHeaders.TRACEPARENT))) {
            context.clear();
            context.put(FicusHeaders.TRACEPARENT, isValidTraceparent(given) ? given : newTraceparent());
        }
        return context;
    }

    /**
     * @param requestId an {@code X-Request-Id} value, or {@code null}
     * @return true when it is kept as given: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     */
    public static boolean isSafeRequestId(String requestId) {
        return requestId != null && SAFE_ID.matcher(requestId).matches();
    }

    /**
     * @param traceparent a {@code traceparent} header value, or {@code null}
     * @return whether it is a version-00 value with non-zero trace and parent ids
     */
    public static boolean isValidTraceparent(String traceparent) {
        if (traceparent == null) {
            return false;
        }
        var m = TRACEPARENT.matcher(traceparent);
        return m.matches() && !m.group(1).equals("0".repeat(32)) && !m.group(2).equals("0".repeat(16));
    }

    /** @return a new sampled {@code traceparent}: random trace id and parent id */
    public static String newTraceparent() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    /**
     * Copies the caller's logging MDC (request id) onto Spring's task-executor threads (asynchronous Spring MVC
     * requests); Spring Boot applies a {@link TaskDecorator} bean to its executor.
     *
     * @return the decorator
     */
    @org.springframework.context.annotation.Bean
    static TaskDecorator mdcPropagation() {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            return () -> {
                Map<String, String> previous = MDC.getCopyOfContextMap();
                if (context == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    if (previous == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(previous);
                    }
                }
            };
        };
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The request with some headers replaced (case-insensitively). */
    private static final class WithHeaders extends HttpServletRequestWrapper {
        private final Map<String, String> replaced;

        WithHeaders(HttpServletRequest request, Map<String, String> replaced) {
            super(request);
            this.replaced = replaced;
        }

        private String replacement(String name) {
            for (var e : replaced.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public String getHeader(String name) {
            String r = replacement(name);
            return r != null ? r : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String r = replacement(name);
            return r != null ? Collections.enumeration(Set.of(r)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String n = e.nextElement();
                if (replacement(n) == null) {
                    names.add(n);
                }
            }
            names.addAll(replaced.keySet());
            return Collections.enumeration(names);
        }
    }
}
