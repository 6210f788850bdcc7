package dev.ficus.traffic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.modulith.NamedInterface;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traffic control's Camel-facing entry point, registered as the bean {@code trafficControl}; the façade routes
 * call it from YAML (this class's public methods are traffic's interface to the façade):
 * <pre>
 * - bean: {ref: trafficControl, method: "dispatch(${exchange}, 'facade-get-product')"}  # after validation
 * - to: direct:facade-call-legacy                                                      # legacy path ...
 * - bean: {ref: trafficControl, method: shadow}                                        # last step
 * </pre>
 * and the POS route {@code pos-posting} asks {@link #legacyOwns(String, String)}.
 *
 * <p>{@link #dispatch(Exchange, String)} decides the side ({@link SidePolicy}) from the route's state, the sticky
 * split of its business key ({@link RequestSnapshots}) and a trusted caller's {@value #ROUTE_TO} header
 * ({@link TrafficSecrets}). For the modern side it calls the modern service, answers the exchange with its status,
 * {@code Content-Type}, {@code Location} and body and stops the route ({@link ModernAnswers}); if that call fails
 * on an idempotent request (and the route is not RETIRED) the request falls back to legacy and the route goes on.
 * {@link #shadow(Exchange)} runs after the legacy answer is translated (body = canonical JSON {@code String}, also
 * when the façade answered it from its cache); when the request is shadowed it hands the answer to
 * {@link ShadowComparison}, so the client never waits for it or sees its errors. Both set the response header
 * {@value #SERVED_BY} ({@code legacy} or {@code modern}). Meters: see {@link TrafficMetrics}; what the gates judge:
 * {@link RouteRuntime}.
 *
 * <p>A noise probe (traffic control asking legacy the same request again, header {@value #NOISE_PROBE} with this
 * process's secret) is marked with the exchange property {@value #NOISE_PROBE_PROPERTY}: the façade must then take
 * the legacy path only, answering from legacy itself and not from a cache ({@link #isNoiseProbe(Exchange)}).
 *
 * <p>The traffic module's named interface {@code routing}: the façade's and POS posting's YAML routes call this bean
 * ({@code trafficControl}).
 */
@NamedInterface("routing")
public class TrafficControl {

    /** Request header naming a side ({@code legacy} or {@code modern}) for trusted callers. */
    public static final String ROUTE_TO = "X-Ficus-Route-To";
    /** Request header carrying the shared secret {@code traffic.trusted-token}; only then is {@value #ROUTE_TO} honoured. */
    public static final String TRUST_TOKEN = "X-Ficus-Trust-Token";
    /** Response header: which side answered, {@code legacy} or {@code modern}. */
    public static final String SERVED_BY = "X-Ficus-Served-By";
    /** Request header marking a noise probe (the shadow asking legacy a second time through the façade). Its
     *  value must be this process's random probe secret; anything else is ignored (and the header removed). */
    public static final String NOISE_PROBE = "X-Ficus-Noise-Probe";
    /** Exchange property ({@code Boolean}) set on a noise probe: the route runs the legacy path only, never
     *  answered from a cache, unshadowed, uncounted. */
    public static final String NOISE_PROBE_PROPERTY = "FicusTrafficProbe";
    private static final String DECISION = "FicusTrafficDecision";
    private static final Logger LOG = LoggerFactory.getLogger(TrafficControl.class);

    /** What {@link #dispatch} decided for one exchange; the side turns LEGACY on a fallback. */
    private static final class Decision {
        final RouteRuntime rt;
        final TrafficRequest request;
        final RouteState state;
        final boolean shadow;
        final long startNanos = System.nanoTime();
        volatile Side side;

        Decision(RouteRuntime rt, TrafficRequest request, RouteState state, SidePolicy.Choice choice) {
            this.rt = rt;
            this.request = request;
            this.state = state;
            this.side = choice.side();
            this.shadow = choice.shadow();
        }
    }

    private final Map<String, RouteRuntime> runtimes = new LinkedHashMap<>();
    private final TrafficStates states;
    private final ModernClient modern;
    private final ShadowComparison shadows;
    private final RequestSnapshots snapshots;
    private final TrafficSecrets secrets;
    private final ModernAnswers answers;
    private final TrafficMetrics metrics;

    /**
     * @param routes           the declared routes, by id, in declaration order
     * @param maxDiffsPerRoute recent mismatches kept per route
     */
    TrafficControl(Map<String, TrafficRoute> routes, TrafficStates states, ModernClient modern,
                   ShadowComparison shadows, RequestSnapshots snapshots, TrafficSecrets secrets,
                   ModernAnswers answers, TrafficMetrics metrics, int maxDiffsPerRoute) {
        this.states = states;
        this.modern = modern;
        this.shadows = shadows;
        this.snapshots = snapshots;
        this.secrets = secrets;
        this.answers = answers;
        this.metrics = metrics;
        routes.forEach((id, route) -> {
            runtimes.put(id, new RouteRuntime(id, route, maxDiffsPerRoute, metrics));
            metrics.routeState(id, () -> states.get(id));
        });
        states.onChange((before, after) -> {
            RouteRuntime rt = runtimes.get(after.routeId());
            if (rt != null) {
                rt.stateVersion(after.version(), before != null);
            }
        });
        // rules changed through the admin API on any replica; a new noise epoch: an operator forgot the learned noise
        states.onCompareChange((before, after) -> {
            RouteRuntime rt = runtimes.get(after.routeId());
            if (rt != null) {
                rt.compare(after, after.noiseEpoch() > (before == null ? 0 : before.noiseEpoch()));
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
        if (markNoiseProbe(exchange)) {
            return;
        }
        RouteRuntime rt = runtimes.get(routeId);
        if (rt == null) {
            return;
        }
        RouteState state = states.get(routeId);
        TrafficRequest request = snapshots.snapshot(exchange, rt.route);
        Message in = exchange.getMessage();
        Side forced = secrets.forcedSide(in.getHeader(ROUTE_TO, String.class), in.getHeader(TRUST_TOKEN, String.class));
        Decision decision = new Decision(rt, request, state, SidePolicy.choose(state, rt.route, request, forced));
        exchange.setProperty(DECISION, decision);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                record(decision, done);
            }
        });
        if (decision.side == Side.MODERN) {
            serveFromModern(exchange, decision, forced == Side.MODERN);
        }
    }

    /**
     * For a route that writes to the legacy system from a message rather than answering a request (the POS
     * route {@code pos-posting}): does this message still go to legacy? See {@link SidePolicy#legacyOwns}. Each
     * decision is counted as {@code ficus.traffic.messages{route,side}}.
     *
     * @param routeId the route id declared in the traffic routes file; undeclared routes always go to legacy
     * @param key     the business key, e.g. the POS transaction key; {@code null} splits by weight alone
     * @return {@code true} when the write goes to legacy
     */
    public boolean legacyOwns(String routeId, String key) {
        if (!runtimes.containsKey(routeId)) {
            return true;
        }
        boolean legacy = SidePolicy.legacyOwns(states.get(routeId), key);
        metrics.message(routeId, legacy ? Side.LEGACY : Side.MODERN);
        return legacy;
    }

    /**
     * After the legacy answer is translated: marks it served by legacy and, when the request is shadowed and
     * legacy answered 2xx, queues the shadow call and comparison (never blocks; a full queue drops the shadow).
     * Does nothing for an exchange {@link #dispatch} did not decide (undeclared route, noise probe).
     *
     * @param exchange the façade exchange, body = legacy's canonical JSON ({@code String}), header
     *                 {@code CamelHttpResponseCode} (default 200)
     */
    public void shadow(Exchange exchange) {
        Decision decision = exchange.getProperty(DECISION, Decision.class);
        if (decision == null) {
            return;
        }
        exchange.getMessage().setHeader(SERVED_BY, Side.LEGACY.tag());
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (decision.shadow && status / 100 == 2) {
            shadows.submit(decision.rt, decision.request, exchange.getMessage().getBody(String.class));
        }
    }

    /**
     * @param exchange a façade exchange after {@link #dispatch}
     * @return whether it is traffic control's noise probe ({@value #NOISE_PROBE_PROPERTY}): the façade must answer
     *         it from legacy itself, never from its cache
     */
    public static boolean isNoiseProbe(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(NOISE_PROBE_PROPERTY, Boolean.class));
    }

    /** Consumes {@value #NOISE_PROBE}; a probe with the right secret is marked. @return whether it is a probe */
    private boolean markNoiseProbe(Exchange exchange) {
        String probe = exchange.getMessage().getHeader(NOISE_PROBE, String.class);
        if (probe != null) {
            exchange.getMessage().removeHeader(NOISE_PROBE);
            if (secrets.isProbe(probe)) {
                exchange.setProperty(NOISE_PROBE_PROPERTY, true);
            }
        }
        return isNoiseProbe(exchange);
    }

    private void serveFromModern(Exchange exchange, Decision decision, boolean forced) {
        RouteRuntime rt = decision.rt;
        try {
            ModernClient.Answer answer = modern.call(rt.routeId, rt.route, decision.request);
            rt.modernAnswered(System.currentTimeMillis());
            answers.answer(exchange, answer);
        } catch (ModernClient.ModernFailure failure) {
            boolean fallback = SidePolicy.fallsBack(decision.state.state(), decision.request.idempotent(), forced);
            rt.modernFailed(SidePolicy.gateError(failure.unavailable(), fallback), System.currentTimeMillis());
            metrics.modernFailure(rt.routeId, failure.reason, "serve");
            if (fallback) {
                LOG.warn("traffic: {} falls back to legacy: {}", rt.routeId, failure.getMessage());
                rt.fellBack();
                decision.side = Side.LEGACY;
                return;
            }
            LOG.warn("traffic: {} modern side failed, no fallback: {}", rt.routeId, failure.getMessage());
            answers.failure(exchange, failure);
        }
    }

    private void record(Decision decision, Exchange done) {
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        boolean error = done.getException() != null || status >= 500;
        metrics.request(decision.rt.routeId, decision.side, error, System.nanoTime() - decision.startNanos);
        if (decision.side == Side.LEGACY) {
            decision.rt.legacyServed(System.currentTimeMillis());
        }
    }

    /** Stops the shadow threads; shadows still queued are dropped. */
    public void close() {
        shadows.close();
    }

    /**
     * @return the route's runtime
     * @throws TrafficException 404 for an undeclared route
     */
    RouteRuntime runtime(String routeId) {
        RouteRuntime rt = runtimes.get(routeId);
        if (rt == null) {
            throw TrafficException.unknownRoute(routeId);
        }
        return rt;
    }

    /** @return every declared route's runtime, in declaration order */
    Iterable<RouteRuntime> runtimes() {
        return runtimes.values();
    }

    /** @return the modern circuit breaker's state of a route (CLOSED, OPEN, HALF_OPEN) */
    String breakerState(String routeId) {
        return modern.breakerState(routeId);
    }
}
