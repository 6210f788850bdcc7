package dev.ficus.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.facade.FacadeCache;
import dev.ficus.platform.web.FicusHeaders;
import dev.ficus.platform.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook the façade routes use, registered as the bean {@code trafficControl}:
 * <pre>
 * - bean: {ref: trafficControl, method: "dispatch(${exchange}, 'facade-get-product')"}  # after validation
 * - to: direct:facade-call-legacy                                                      # legacy path ...
 * - bean: {ref: trafficControl, method: shadow}                                        # last step
 * </pre>
 *
 * <p>{@link #dispatch(Exchange, String)} decides the side from the route's state (see {@link MigrationState}),
 * the sticky split ({@link ConsistentSplit}) and a trusted caller's {@value #ROUTE_TO} header. For the modern
 * side it calls the modern service, answers the exchange with its status, {@code Content-Type}, {@code Location}
 * and body and stops the route; if that call fails on an idempotent request (and the route is not RETIRED) the
 * request falls back to legacy and the route goes on. {@link #shadow(Exchange)} runs after the legacy answer is
 * translated (body = canonical JSON {@code String}); when the request is shadowed it hands the answer to a
 * bounded executor that calls the modern side and compares, so the client never waits for it or sees its errors.
 * Both set the response header {@value #SERVED_BY} ({@code legacy} or {@code modern}).
 *
 * <p>Metrics (Micrometer): timer {@code ficus.traffic.requests{route,side,outcome=success|error}} (histogram;
 * error = status 5xx), counters {@code ficus.traffic.fallbacks{route}},
 * {@code ficus.traffic.modern.failures{route,reason,purpose=serve|shadow}},
 * {@code ficus.traffic.shadow.comparisons{route,result=match|mismatch|error|unavailable}} ({@code unavailable}:
 * the modern side answered 503 with {@code Retry-After}, e.g. not ready yet; not compared, not a mismatch, not a
 * modern error),
 * {@code ficus.traffic.shadow.dropped{route}}, {@code ficus.traffic.shadow.noise.probes{route}} (second legacy
 * answers obtained for noise learning), gauge {@code ficus.traffic.shadow.mismatch.rate{route}} (fraction
 * over the route's gate window).
 */
public class TrafficControl {

    /** Request header naming a side ({@code legacy} or {@code modern}) for trusted callers. */
    public static final String ROUTE_TO = "X-Ficus-Route-To";
    /** Request header carrying the shared secret {@code traffic.trusted-token}; only then is {@value #ROUTE_TO} honoured. */
    public static final String TRUST_TOKEN = "X-Ficus-Trust-Token";
    /** Response header: which side answered. */
    public static final String SERVED_BY = "X-Ficus-Served-By";
    /** Request header marking a noise probe (the shadow asking legacy a second time through the façade). Its
     *  value must be this process's random {@link #probeSecret()}; anything else is ignored. */
    public static final String NOISE_PROBE = "X-Ficus-Noise-Probe";
    /** Exchange property marking a noise probe: the route runs the legacy path only, uncached, unshadowed. */
    static final String PROBE = "FicusTrafficProbe";
    private static final String DECISION = "FicusTrafficDecision";
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger(TrafficControl.class);

    /**
     * Asks legacy the same request a second time, through the same façade route, and returns its canonical
     * answer (2xx) or {@code null}. In the application: a loopback HTTP call to Ficus itself carrying
     * {@value #NOISE_PROBE} ({@link TrafficConfiguration}).
     */
    interface LegacyAgain {
        String answer(Runtime route, Request request) throws Exception;
    }

    /** A snapshot of the façade request, enough to send it again to either side. */
    record Request(String requestId, String method, String path, String query, Map<String, String> forwardHeaders,
                   String body, String key, boolean idempotent) {
    }

    /** One recorded mismatch. */
    public record Diff(Instant at, String requestId, String method, String uri, String key, String legacyAnswer,
                       int modernStatus, String modernAnswer, List<String> paths) {
    }

    /** Per-route runtime state of this replica. */
    final class Runtime {
        final String routeId;
        final TrafficRoute route;
        final RouteWindow window;
        final ArrayDeque<Diff> diffs = new ArrayDeque<>();
        final Set<String> learnedNoise = ConcurrentHashMap.newKeySet();
        final AtomicLong pendingLegacyCalls = new AtomicLong();
        final Counter fallbacks;
        final Counter dropped;

        Runtime(String routeId, TrafficRoute route) {
            this.routeId = routeId;
            this.route = route;
            this.window = new RouteWindow(route.gates() == null ? 60_000 : route.gates().windowMs());
            this.fallbacks = Counter.builder("ficus.traffic.fallbacks").tag("route", routeId)
                    .description("modern failures answered by legacy").register(meters);
            this.dropped = Counter.builder("ficus.traffic.shadow.dropped").tag("route", routeId)
                    .description("shadows dropped because the shadow queue was full").register(meters);
            Gauge.builder("ficus.traffic.shadow.mismatch.rate", window,
                    w -> w.totals(System.currentTimeMillis()).mismatchRate()).tag("route", routeId)
                    .description("mismatches / comparisons over the gate window").register(meters);
        }

        synchronized void addDiff(Diff diff) {
            if (diffs.size() == maxDiffs) {
                diffs.removeFirst();
            }
            diffs.addLast(diff);
        }

        synchronized List<Diff> recentDiffs() {
            List<Diff> out = new ArrayList<>(diffs);
            java.util.Collections.reverse(out);
            return out;
        }
    }

    private enum Side { LEGACY, MODERN }

    private static final class Decision {
        final Runtime rt;
        final Request request;
        final RouteState state;
        final long startNanos = System.nanoTime();
        volatile Side side;
        volatile boolean shadow;

        Decision(Runtime rt, Request request, RouteState state, Side side, boolean shadow) {
            this.rt = rt;
            this.request = request;
            this.state = state;
            this.side = side;
            this.shadow = shadow;
        }
    }

    private final Map<String, Runtime> runtimes = new LinkedHashMap<>();
    private final TrafficStates states;
    private final ModernClient modern;
    private final ThreadPoolExecutor shadowExecutor;
    private final MeterRegistry meters;
    private final Problems problems;
    private final LegacyAgain legacyAgain;
    private final String probeSecret = java.util.UUID.randomUUID().toString();
    private final byte[] trustedToken;
    private final int maxDiffs;
    private final ObjectMapper json = new ObjectMapper();

    TrafficControl(Map<String, TrafficRoute> routes, TrafficStates states, ModernClient modern,
                   ThreadPoolExecutor shadowExecutor, MeterRegistry meters, Problems problems,
                   LegacyAgain legacyAgain, TrafficProperties properties) {
        this.states = states;
        this.modern = modern;
        this.shadowExecutor = shadowExecutor;
        this.meters = meters;
        this.problems = problems;
        this.legacyAgain = legacyAgain;
        this.trustedToken = properties.trustedToken().getBytes(StandardCharsets.UTF_8);
        this.maxDiffs = properties.maxDiffsPerRoute();
        routes.forEach((id, route) -> runtimes.put(id, new Runtime(id, route)));
        states.onChange((before, after) -> {
            Runtime rt = runtimes.get(after.routeId());
            if (rt != null && before != null) {
                rt.window.reset();
            }
        });
    }

    /**
     * Decides which side answers; see the class comment. Call after the request is validated.
     *
     * @param exchange the façade exchange (headers: path and query parameters, {@code CamelHttpMethod},
     *                 {@code CamelHttpQuery}; property {@code FicusRequestPath}; body: request body or none)
     * @param routeId  the façade route id as declared in the traffic routes file; undeclared routes stay legacy
     */
    public void dispatch(Exchange exchange, String routeId) {
        Runtime rt = runtimes.get(routeId);
        String probe = exchange.getMessage().getHeader(NOISE_PROBE, String.class);
        if (probe != null) {
            exchange.getMessage().removeHeader(NOISE_PROBE);
            if (MessageDigest.isEqual(probe.getBytes(StandardCharsets.UTF_8),
                    probeSecret.getBytes(StandardCharsets.UTF_8))) {
                exchange.setProperty(PROBE, true);
            }
        }
        if (Boolean.TRUE.equals(exchange.getProperty(PROBE, Boolean.class))) {
            exchange.setProperty(FacadeCache.BYPASS_PROPERTY, true);
            return;
        }
        if (rt == null) {
            return;
        }
        RouteState state = states.get(routeId);
        Request request = snapshot(exchange, rt.route);
        Side forced = forcedSide(exchange.getMessage());
        boolean shadowable = request.idempotent() || rt.route.modernSafeForWrites();
        Side side;
        boolean shadow = false;
        switch (state.state()) {
            case LEGACY -> side = Side.LEGACY;
            case SHADOW -> {
                side = Side.LEGACY;
                shadow = shadowable;
            }
            case CANARY -> {
                side = ConsistentSplit.modern(request.key(), state.percent()) ? Side.MODERN : Side.LEGACY;
                shadow = side == Side.LEGACY && shadowable && rt.route.shadowInCanary();
            }
            default -> side = Side.MODERN;
        }
        if (forced != null) {
            side = forced;
            shadow = false;
        }
        Decision decision = new Decision(rt, request, state, side, shadow);
        exchange.setProperty(DECISION, decision);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                record(decision, done);
            }
        });
        if (side == Side.MODERN) {
            serveFromModern(exchange, decision, forced == Side.MODERN);
        }
    }

    /**
     * For a route that writes to the legacy system from a message rather than answering a request (the POS
     * route {@code pos-posting}): does this message still go to legacy? LEGACY and SHADOW: yes (a write cannot be
     * shadowed); CANARY(p): yes unless the business key falls in the modern p % (the same consistent split as
     * requests, so a key stays on its side); MODERN and RETIRED: no, the modern system owns the write and reads the
     * event itself. Each decision is counted as {@code ficus.traffic.requests} with the side taken.
     *
     * @param routeId the route id declared in the traffic routes file; undeclared routes always go to legacy
     * @param key     the business key, e.g. the POS transaction key; {@code null} splits by weight alone
     * @return {@code true} when the write goes to legacy
     */
    public boolean legacyOwns(String routeId, String key) {
        if (!runtimes.containsKey(routeId)) {
            return true;
        }
        RouteState state = states.get(routeId);
        boolean legacy = switch (state.state()) {
            case LEGACY, SHADOW -> true;
            case CANARY -> !ConsistentSplit.modern(key, state.percent());
            default -> false;
        };
        meters.counter("ficus.traffic.messages", "route", routeId, "side", legacy ? "legacy" : "modern").increment();
        return legacy;
    }

    /**
     * After the legacy answer is translated: marks it served by legacy and, when the request is shadowed and
     * legacy answered 2xx, queues the shadow call and comparison (never blocks; a full queue drops the shadow).
     *
     * @param exchange the façade exchange, body = legacy's canonical JSON ({@code String})
     */
    public void shadow(Exchange exchange) {
        Decision decision = exchange.getProperty(DECISION, Decision.class);
        if (decision == null) {
            return;
        }
        exchange.getMessage().setHeader(SERVED_BY, "legacy");
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (!decision.shadow || status / 100 != 2) {
            return;
        }
        String legacyAnswer = exchange.getMessage().getBody(String.class);
        try {
            shadowExecutor.execute(() -> runShadow(decision, legacyAnswer));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            decision.rt.dropped.increment();
        }
    }

    private void serveFromModern(Exchange exchange, Decision decision, boolean forced) {
        Runtime rt = decision.rt;
        try {
            ModernClient.Answer answer = modern.call(rt.routeId, rt.route, decision.request);
            rt.window.add(RouteWindow.MODERN, System.currentTimeMillis());
            Message m = exchange.getMessage();
            m.removeHeaders("*");
            m.setBody(answer.body());
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
            if (answer.contentType() != null) {
                m.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
            }
            if (answer.location() != null) {
                m.setHeader("Location", answer.location());
            }
            m.setHeader(SERVED_BY, "modern");
            exchange.setRouteStop(true);
        } catch (ModernClient.ModernFailure failure) {
            boolean legacyAvailable = decision.state.state() != MigrationState.RETIRED || forced;
            boolean fallback = decision.request.idempotent() && legacyAvailable && !forced;
            // "unavailable for now" is no error for the gates while legacy answers instead; a client that gets the
            // 503 itself is an error like any other, so a modern side that never becomes available is rolled back
            modernFailed(rt, failure, "serve", !failure.unavailable() || !fallback);
            if (fallback) {
                LOG.warn("traffic: {} falls back to legacy: {}", rt.routeId, failure.getMessage());
                rt.fallbacks.increment();
                decision.side = Side.LEGACY;
                return;
            }
            LOG.warn("traffic: {} modern side failed, no fallback: {}", rt.routeId, failure.getMessage());
            switch (failure.status()) {
                case 504 -> problems.gatewayTimeout(exchange, failure.getMessage());
                case 503 -> problems.unavailable(exchange, failure.getMessage(), failure.retryAfterS());
                default -> problems.badGateway(exchange, failure.getMessage());
            }
            exchange.getMessage().setHeader(SERVED_BY, "modern");
            exchange.setRouteStop(true);
        }
    }

    /** Counts a failed modern call; {@code gateError}: whether it also counts as a modern error for the gates. */
    private void modernFailed(Runtime rt, ModernClient.ModernFailure failure, String purpose, boolean gateError) {
        long now = System.currentTimeMillis();
        if (gateError) {
            rt.window.add(RouteWindow.MODERN, now);
            rt.window.add(RouteWindow.MODERN_ERROR, now);
        }
        meters.counter("ficus.traffic.modern.failures", "route", rt.routeId, "reason", failure.reason,
                "purpose", purpose).increment();
    }

    private void runShadow(Decision decision, String legacyAnswer) {
        Runtime rt = decision.rt;
        try {
            TrafficRoute.NoiseLearning noise = rt.route.compare().noiseLearning();
            if (noise.enabled() && "GET".equals(decision.request.method())
                    && ThreadLocalRandom.current().nextDouble(100) < noise.samplePercent()) {
                learnNoise(rt, decision.request, legacyAnswer);
            }
            ModernClient.Answer answer;
            try {
                answer = modern.call(rt.routeId, rt.route, decision.request);
            } catch (ModernClient.ModernFailure failure) {
                modernFailed(rt, failure, "shadow", !failure.unavailable());
                meters.counter("ficus.traffic.shadow.comparisons", "route", rt.routeId, "result",
                        failure.unavailable() ? "unavailable" : "error").increment();
                return;
            }
            long now = System.currentTimeMillis();
            rt.window.add(RouteWindow.MODERN, now);
            List<String> paths = new ArrayList<>();
            if (answer.status() / 100 != 2) {
                paths.add("(status " + answer.status() + ")");
            } else {
                paths.addAll(new JsonComparator(rt.route.compare(), rt.learnedNoise)
                        .diff(parse(legacyAnswer), parse(answer.body())));
            }
            rt.window.add(RouteWindow.COMPARISON, now);
            boolean match = paths.isEmpty();
            meters.counter("ficus.traffic.shadow.comparisons", "route", rt.routeId, "result",
                    match ? "match" : "mismatch").increment();
            if (!match) {
                rt.window.add(RouteWindow.MISMATCH, now);
                Request r = decision.request;
                rt.addDiff(new Diff(Instant.now(), r.requestId(), r.method(), r.path()
                        + (r.query() == null || r.query().isEmpty() ? "" : "?" + r.query()), r.key(), legacyAnswer,
                        answer.status(), answer.body(), paths));
                LOG.debug("traffic: {} shadow mismatch for {} {} at {}", rt.routeId, r.method(), r.path(), paths);
            }
        } catch (RuntimeException e) {
            LOG.warn("traffic: {} shadow failed: {}", rt.routeId, e.toString());
        }
    }

    private void learnNoise(Runtime rt, Request request, String legacyAnswer) {
        String again;
        try {
            again = legacyAgain.answer(rt, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.debug("traffic: {} noise probe failed: {}", rt.routeId, e.toString());
            return;
        }
        if (again == null) {
            return;
        }
        meters.counter("ficus.traffic.shadow.noise.probes", "route", rt.routeId).increment();
        TrafficRoute.CompareRules rules = rt.route.compare();
        List<String> noisy = new JsonComparator(rules, List.of())
                .diff(parse(legacyAnswer), parse(again));
        for (String path : noisy) {
            if (rt.learnedNoise.add(JsonComparator.generalise(path))) {
                LOG.info("traffic: {} learned noise: legacy differs from itself at {}; ignored from now on",
                        rt.routeId, JsonComparator.generalise(path));
            }
        }
    }

    private JsonNode parse(String text) {
        try {
            return text == null ? json.missingNode() : json.readTree(text);
        } catch (Exception e) {
            return json.getNodeFactory().textNode("(not JSON) " + text);
        }
    }

    private void record(Decision decision, Exchange done) {
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        boolean error = done.getException() != null || status >= 500;
        Runtime rt = decision.rt;
        Timer.builder("ficus.traffic.requests")
                .tag("route", rt.routeId)
                .tag("side", decision.side.name().toLowerCase(Locale.ROOT))
                .tag("outcome", error ? "error" : "success")
                .publishPercentileHistogram()
                .description("façade requests per route and side that answered them, to the last step")
                .register(meters)
                .record(System.nanoTime() - decision.startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (decision.side == Side.LEGACY) {
            rt.pendingLegacyCalls.incrementAndGet();
            rt.window.add(RouteWindow.LEGACY, System.currentTimeMillis());
        }
    }

    private Side forcedSide(Message in) {
        String to = in.getHeader(ROUTE_TO, String.class);
        String token = in.getHeader(TRUST_TOKEN, String.class);
        if (to == null || token == null || trustedToken.length == 0
                || !MessageDigest.isEqual(trustedToken, token.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return switch (to.strip().toLowerCase(Locale.ROOT)) {
            case "legacy" -> Side.LEGACY;
            case "modern" -> Side.MODERN;
            default -> null;
        };
    }

    private Request snapshot(Exchange exchange, TrafficRoute route) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class).toUpperCase(Locale.ROOT);
        String path = exchange.getProperty(FicusHeaders.REQUEST_PATH_PROPERTY, String.class);
        if (path == null) {
            path = in.getHeader(Exchange.HTTP_PATH, String.class);
        }
        String query = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query == null) {
            query = in.getHeader(Exchange.HTTP_QUERY, String.class);
        }
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("Accept", "application/json");
        String requestId = in.getHeader(FicusHeaders.REQUEST_ID, String.class);
        if (requestId != null) {
            forward.put(FicusHeaders.REQUEST_ID, requestId);
        }
        String traceparent = in.getHeader(FicusHeaders.TRACEPARENT, String.class);
        if (traceparent != null) {
            forward.put(FicusHeaders.TRACEPARENT, dev.ficus.platform.web.RequestIds.childTraceparent(traceparent));
        }
        String tracestate = in.getHeader(FicusHeaders.TRACESTATE, String.class);
        if (tracestate != null) {
            forward.put(FicusHeaders.TRACESTATE, tracestate);
        }
        String body = IDEMPOTENT.contains(method) && !"PUT".equals(method) ? null : in.getBody(String.class);
        if (body != null) {
            forward.put("Content-Type", in.getHeader(Exchange.CONTENT_TYPE, "application/json", String.class));
        }
        return new Request(requestId, method, path, query, forward, body,
                businessKey(route, in, query, body), IDEMPOTENT.contains(method));
    }

    private String businessKey(TrafficRoute route, Message in, String query, String body) {
        TrafficRoute.BusinessKey key = route.businessKey();
        if (key == null || key.source() == null || key.name() == null) {
            return null;
        }
        return switch (key.source()) {
            case HEADER, PATH -> in.getHeader(key.name(), String.class);
            case QUERY -> queryParam(query, key.name());
            case JSON -> {
                JsonNode node = parse(body).at(key.name());
                yield node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
            }
        };
    }

    private static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** @return the secret a noise probe carries in {@value #NOISE_PROBE}; random per process */
    String probeSecret() {
        return probeSecret;
    }

    /** Stops the shadow threads; shadows still queued are dropped. */
    public void close() {
        shadowExecutor.shutdownNow();
    }

    /** @return the route's runtime, or throws 404 for an undeclared route */
    Runtime runtime(String routeId) {
        Runtime rt = runtimes.get(routeId);
        if (rt == null) {
            throw TrafficException.unknownRoute(routeId);
        }
        return rt;
    }

    /** @return every declared route's runtime, in declaration order */
    Iterable<Runtime> runtimes() {
        return runtimes.values();
    }

    /** @return the modern circuit breaker's state of a route */
    String breakerState(String routeId) {
        return modern.breakerState(routeId);
    }
}
