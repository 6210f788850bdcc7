package dev.ficus.platform.web;

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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP exchange a request id and a W3C trace context, before any route sees it.
 *
 * <p>{@code X-Request-Id}: a client's value is kept when it is 1 to 128 characters of {@code [A-Za-z0-9._:-]};
 * otherwise (missing or unsafe) a random UUID replaces it. {@code traceparent} (W3C Trace Context Level 1,
 * https://www.w3.org/TR/trace-context/): a valid client value is kept, otherwise a new trace is started. Routes
 * see both as request headers; the response always carries {@code X-Request-Id}; the id is in the logging MDC
 * under {@value #MDC_KEY} (the log pattern prints it) on the request thread, where Camel's platform-http routes
 * run ({@link CallerThreadPlatformHttp}), and on Spring's task-executor threads through {@link #mdcPropagation()}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

    /** MDC key of the request id. */
    public static final String MDC_KEY = "requestId";

    /** Request attribute holding the request id, still there on the container's error dispatch. */
    public static final String REQUEST_ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(FicusHeaders.REQUEST_ID);
        String requestId = isSafeRequestId(given) ? given : UUID.randomUUID().toString();
        String traceparent = request.getHeader(FicusHeaders.TRACEPARENT);
        if (!isValidTraceparent(traceparent)) {
            traceparent = newTraceparent();
        }
        response.setHeader(FicusHeaders.REQUEST_ID, requestId);
        request.setAttribute(REQUEST_ATTRIBUTE, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(new WithHeaders(request, Map.of(FicusHeaders.REQUEST_ID, requestId,
                    FicusHeaders.TRACEPARENT, traceparent)), response);
        } finally {
            MDC.remove(MDC_KEY);
        }
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
     * The {@code traceparent} for a call Ficus makes on behalf of the request: same trace id and flags, a new
     * parent id (Ficus's own span).
     *
     * @param incoming the request's (valid) {@code traceparent}; anything else starts a new trace
     * @return the value to send downstream
     */
    public static String childTraceparent(String incoming) {
        if (!isValidTraceparent(incoming)) {
            return newTraceparent();
        }
        return incoming.substring(0, 36) + randomHex(8) + incoming.substring(52);
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
