package dev.ficus.traffic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's view of every route's state: seeded and loaded from {@link TrafficStateStore} at start, then
 * re-read every {@code traffic.poll-interval-ms} so a change made anywhere (admin API on another replica, a gate,
 * a direct database update) is seen here within one interval. Requests read the view, never the database. The
 * comparison rules changed through the admin API ({@link CompareStore}, when given) are re-read in the same poll.
 */
public class TrafficStates {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficStates.class);

    private final TrafficStateStore store;
    private final Map<String, TrafficRoute> routes;
    private final long pollIntervalMs;
    private final CompareStore compareStore;
    private final Map<String, RouteState> current = new ConcurrentHashMap<>();
    private final Map<String, RouteCompare> compare = new ConcurrentHashMap<>();
    private volatile BiConsumer<RouteState, RouteState> onChange = (before, after) -> { };
    private volatile BiConsumer<RouteCompare, RouteCompare> onCompareChange = (before, after) -> { };
    private ScheduledExecutorService poller;

    /**
     * @param store          the shared state table
     * @param routes         the declared routes, by id
     * @param pollIntervalMs how often to re-read the table, ms
     */
    public TrafficStates(TrafficStateStore store, Map<String, TrafficRoute> routes, long pollIntervalMs) {
        this(store, null, routes, pollIntervalMs);
    }

    /**
     * @param compareStore the comparison rules changed through the admin API; {@code null}: the file's rules only
     */
    TrafficStates(TrafficStateStore store, CompareStore compareStore, Map<String, TrafficRoute> routes,
                  long pollIntervalMs) {
        this.store = store;
        this.compareStore = compareStore;
        this.routes = routes;
        this.pollIntervalMs = pollIntervalMs;
    }

    /** Seeds missing rows, loads every state and starts polling. */
    public synchronized void start() {
        store.seed(routes);
        refresh();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-state-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, pollIntervalMs, pollIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** Stops polling. */
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    /** @param listener called with (before or null, after) whenever a route's version changes in this view */
    void onChange(BiConsumer<RouteState, RouteState> listener) {
        this.onChange = listener;
    }

    /**
     * @param listener called with (before or null, after) whenever a route's compare row changes in this view (its
     *                 version or its noise epoch)
     */
    void onCompareChange(BiConsumer<RouteCompare, RouteCompare> listener) {
        this.onCompareChange = listener;
    }

    /** @return the route's compare row as this replica last read it; {@link RouteCompare#none} without one */
    RouteCompare compare(String routeId) {
        return compare.getOrDefault(routeId, RouteCompare.none(routeId));
    }

    /**
     * @param routeId a declared route
     * @return its current state; the declared initial state when not loaded yet; {@code null} for undeclared routes
     */
    public RouteState get(String routeId) {
        RouteState s = current.get(routeId);
        if (s == null && routes.containsKey(routeId)) {
            return new RouteState(routeId, routes.get(routeId).initialState(), 0, 0, "INITIAL", null, "config");
        }
        return s;
    }

    /** Reads the table now and applies what changed (also called right after a change made here). */
    public void refresh() {
        for (RouteState s : store.loadAll()) {
            apply(s);
        }
        if (compareStore != null) {
            for (RouteCompare c : compareStore.loadAll()) {
                apply(c);
            }
        }
    }

    /** Applies a route's compare row if it is newer than this view's (rules version or noise epoch). */
    synchronized void apply(RouteCompare c) {
        if (!routes.containsKey(c.routeId())) {
            return;
        }
        RouteCompare before = compare.get(c.routeId());
        if (before == null || before.version() < c.version() || before.noiseEpoch() < c.noiseEpoch()) {
            compare.put(c.routeId(), c);
            if (before != null) {
                LOG.info("traffic: route {} compares with the {} rules, version {} (by {}), noise epoch {}",
                        c.routeId(), c.source(), c.version(), c.updatedBy(), c.noiseEpoch());
            }
            onCompareChange.accept(before, c);
        }
    }

    void apply(RouteState s) {
        RouteState before = current.get(s.routeId());
        if (before == null || before.version() < s.version()) {
            current.put(s.routeId(), s);
            if (before != null) {
                LOG.info("traffic: route {} is now {} (was {}, by {})", s.routeId(), s.label(), before.label(),
                        s.updatedBy());
            }
            onChange.accept(before, s);
        }
    }

    private void pollQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("traffic: cannot read route states, keeping the last known ones: {}", e.getMessage());
        }
    }
}
