package dev.ficus.cdc;

import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.platform.StartupCheckException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One change data capture leader among all replicas of Ficus that capture the same replication slot: only the leader
 * runs the {@link CdcEngine}, the others stand by and take over when it dies.
 *
 * <p>The mechanism is Spring Integration's {@link LockRegistryLeaderInitiator} over a {@link JdbcLockRegistry}: a
 * lock row (key = the slot name) in table {@code <ficus-db.schema>.cdc_leader_lock} of Ficus's own PostgreSQL
 * (Flyway V32). The leader refreshes the row every {@code cdc.leader.heartbeat-ms}; a row older than
 * {@code cdc.leader.lease-ms} is expired and any standby takes it (so a standby takes over within about one lease
 * after the leader died; immediately after a clean stop, which deletes the row).
 *
 * <p>Guards against the known failure modes of lease-based election:
 * <ul>
 *   <li>A leader that silently stops renewing (its election thread stuck, its database unreachable, a long GC or VM
 *       pause) stops its engine once its last successful renewal is older than half a lease — before any standby can
 *       consider the lease expired — and every batch is published only while that holds.</li>
 *   <li>Two leaders after a pause: PostgreSQL lets only one connection stream a replication slot, so a second engine
 *       cannot read changes until the first one's connection is gone (Debezium retries the slot,
 *       {@link CdcEngine#SLOT_RETRIES} × {@link CdcEngine#SLOT_RETRY_DELAY_MS} ms); a batch an old leader still had
 *       in flight is re-sent by the new one with the same CloudEvents ids, which Artemis's duplicate detection drops.</li>
 * </ul>
 * Lease times are judged by each replica's clock: keep them synchronised (NTP) to well under half a lease.
 *
 * <p>When the engine fails while leading (e.g. the broker refused a batch for good), leadership is yielded after
 * {@code cdc.leader.retry-ms}, so another replica — or this one — starts afresh.
 */
final class CdcLeadership implements Candidate, SmartLifecycle {

    /** Lock region of change data capture; the lock key is the slot name. */
    static final String REGION = "ficus-cdc";

    private static final Logger log = LoggerFactory.getLogger(CdcLeadership.class);

    private final CdcEngine engine;
    private final String slotName;
    private final CdcProperties.Leader settings;
    private final String replicaId = UUID.randomUUID().toString();
    private final JdbcTemplate jdbc;
    private final String lockTable;
    private final LockRegistryLeaderInitiator initiator;
    private final HikariDataSource leaseConnections;
    private final AtomicLong lastRenewalNanos = new AtomicLong();
    private final ExecutorService electionThread = Executors.newSingleThreadExecutor(r -> thread(r, "cdc-election"));
    private final ExecutorService engineThread = Executors.newSingleThreadExecutor(r -> thread(r, "cdc-leader"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "cdc-leader-watchdog"));
    private volatile boolean leading;
    private volatile boolean running;
    private volatile Context context;
    private volatile long yieldAtNanos;
    /** When the watchdog starts the engine again (0: no start pending), see {@link #check}. */
    private volatile long restartAtNanos;

    CdcLeadership(CdcEngine engine, String slotName, CdcProperties.Leader settings, HikariDataSource ficusDataSource,
                  String ficusSchema) {
        this.engine = engine;
        this.slotName = slotName;
        this.settings = settings;
        this.jdbc = new JdbcTemplate(ficusDataSource);
        this.lockTable = ficusSchema + ".cdc_leader_lock";
        this.leaseConnections = RenewalTrackingLockRepository.leaseConnections(ficusDataSource, settings.leaseMs());
        DefaultLockRepository repository = new DefaultLockRepository(leaseConnections, replicaId);
        repository.setPrefix(ficusSchema + ".cdc_leader_");
        repository.setRegion(REGION);
        repository.setTimeToLive((int) settings.leaseMs());
        repository.setTransactionManager(new DataSourceTransactionManager(leaseConnections));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        JdbcLockRegistry registry = new JdbcLockRegistry(new RenewalTrackingLockRepository(repository,
                lastRenewalNanos));
        initiator = new LockRegistryLeaderInitiator(registry, this);
        initiator.setHeartBeatMillis(settings.heartbeatMs());
        initiator.setBusyWaitMillis(settings.heartbeatMs());
        initiator.setTaskExecutor(new TaskExecutorAdapter(electionThread));
        initiator.setAutoStartup(false);
    }

    /**
     * Joins the election once the application, with its Camel routes, is ready (capturing earlier would publish the
     * initial snapshot to addresses nobody subscribes to yet), and waits until this replica captures or another one
     * is seen leading.
     *
     * @param event Spring Boot's ready event
     * @throws StartupCheckException when a captured table cannot be captured (checked on every replica), or when
     *     this replica leads and its engine cannot start — either ends the start-up
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void onApplicationReady(ApplicationReadyEvent event) {
        engine.checkTables();
        start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CdcEngine.START_TIMEOUT_S + 10);
        while (System.nanoTime() < deadline) {
            if (engine.isCapturing() || (!leading && currentLeader().isPresent())) {
                return;
            }
            if (leading && engine.failure() != null) {
                throw new StartupCheckException("change data capture cannot start: " + engine.failure().getMessage(),
                        engine.failure());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new StartupCheckException("change data capture neither captures nor sees a leader after "
                + (CdcEngine.START_TIMEOUT_S + 10) + " s (replication slot " + slotName + ")");
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        initiator.start();
        watchdog.scheduleWithFixedDelay(this::check, 200, 200, TimeUnit.MILLISECONDS);
        log.info("Change data capture: replica {} joined the election for slot {} (lease {} ms)", replicaId,
                slotName, settings.leaseMs());
    }

    /** Stops the engine first (its last batch confirmed or left for the next leader), then leaves the election. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        leading = false;
        watchdog.shutdownNow();
        engineThread.shutdownNow();
        engine.stop();
        initiator.stop();
        electionThread.shutdown();
        try {
            electionThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leaseConnections.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the broker and the web server, after everything else that may still publish. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** Joins the election only on {@link ApplicationReadyEvent}, see {@link #onApplicationReady}. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public String getRole() {
        return slotName;
    }

    @Override
    public String getId() {
        return replicaId;
    }

    /** Called on the election thread: never blocks it (the lease must keep being renewed while the engine starts). */
    @Override
    public void onGranted(Context ctx) {
        context = ctx;
        leading = true;
        yieldAtNanos = 0;
        restartAtNanos = 0;
        log.info("Change data capture: replica {} leads slot {}", replicaId, slotName);
        engineThread.execute(this::startEngine);
    }

    /** On the engine thread; a start that fails (e.g. a database unreachable) is tried again after a retry pause. */
    private void startEngine() {
        try {
            if (leading && running && !engine.isRunning()) {
                engine.start(this::holdsLease);
            }
        } catch (RuntimeException e) {
            log.error("Change data capture could not start as leader (trying again in {} ms): {}", settings.retryMs(),
                    e.getMessage());
            restartAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.retryMs());
        }
    }

    @Override
    public void onRevoked(Context ctx) {
        boolean wasLeading = leading;
        leading = false;
        restartAtNanos = 0;
        if (!running) {
            return;   // stop() stops the engine itself
        }
        if (wasLeading) {
            log.warn("Change data capture: replica {} lost the lead of slot {}; stopping the engine", replicaId,
                    slotName);
        }
        engineThread.execute(engine::stop);
    }

    /** @return whether this replica leads and renewed its lease within half a lease */
    boolean holdsLease() {
        return leading && System.nanoTime() - lastRenewalNanos.get() < TimeUnit.MILLISECONDS.toNanos(
                settings.leaseMs() / 2);
    }

    /** @return {@code leader}, {@code standby} or {@code stopped} */
    String role() {
        return !running ? "stopped" : leading ? "leader" : "standby";
    }

    String replicaId() {
        return replicaId;
    }

    /** @return the lock row of the current leader: {@code clientId}, {@code ageMs}; empty when none holds a lease */
    java.util.Optional<Map<String, Object>> currentLeader() {
        return jdbc.query("SELECT client_id, (extract(epoch FROM (now() AT TIME ZONE 'UTC') - created_date) * 1000)"
                        + "::bigint AS age_ms FROM " + lockTable + " WHERE region = ? AND lock_key = ?",
                (rs, n) -> Map.<String, Object>of("clientId", rs.getString(1).trim(), "ageMs", rs.getLong(2)),
                REGION, lockKey()).stream().filter(row -> (long) row.get("ageMs") < settings.leaseMs()).findFirst();
    }

    private String lockKey() {
        return org.springframework.integration.util.UUIDConverter.getUUID(slotName).toString();   // as JdbcLockRegistry
    }

    /**
     * Watchdog: stops an engine whose lease went stale, and starts it again once the lease is renewed while this
     * replica still leads (its database was only restarting); yields after an engine failure so capture starts afresh.
     */
    private void check() {
        try {
            if (engine.isRunning() && !holdsLease()) {
                log.error("Change data capture: lease of slot {} not renewed for {} ms (half the lease is the limit); "
                        + "stopping the engine", slotName, Duration.ofNanos(System.nanoTime() - lastRenewalNanos.get())
                        .toMillis());
                restartAtNanos = System.nanoTime();
                engineThread.execute(engine::stop);
            } else if (restartAtNanos != 0 && System.nanoTime() >= restartAtNanos && holdsLease()
                    && !engine.isRunning()) {
                log.info("Change data capture: lease of slot {} renewed; starting the engine again", slotName);
                restartAtNanos = 0;
                engineThread.execute(this::startEngine);
            } else if (leading && engine.failure() != null) {
                long now = System.nanoTime();
                if (yieldAtNanos == 0) {
                    yieldAtNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.retryMs());
                } else if (now > yieldAtNanos && context != null) {
                    log.warn("Change data capture: yielding the lead of slot {} after the engine failed", slotName);
                    yieldAtNanos = 0;
                    context.yield();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Change data capture: leadership check failed: {}", e.toString());
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
