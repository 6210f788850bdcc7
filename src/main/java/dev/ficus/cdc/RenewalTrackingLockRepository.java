package dev.ficus.cdc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.integration.jdbc.lock.LockRepository;

/**
 * A {@link LockRepository} that notes when this process last acquired or renewed a lock row ({@link System#nanoTime()}),
 * so {@link CdcLeadership} can tell a leader whose lease went stale without a word from the election thread. Every
 * call goes to the wrapped repository unchanged.
 */
final class RenewalTrackingLockRepository implements LockRepository {

    private final LockRepository delegate;
    private final AtomicLong lastRenewalNanos;

    RenewalTrackingLockRepository(LockRepository delegate, AtomicLong lastRenewalNanos) {
        this.delegate = delegate;
        this.lastRenewalNanos = lastRenewalNanos;
    }

    @Override
    public boolean acquire(String lock) {
        long before = System.nanoTime();
        boolean acquired = delegate.acquire(lock);
        if (acquired) {
            lastRenewalNanos.set(before);   // the row's time was taken before the statement ran
        }
        return acquired;
    }

    @Override
    public boolean renew(String lock) {
        long before = System.nanoTime();
        boolean renewed = delegate.renew(lock);
        if (renewed) {
            lastRenewalNanos.set(before);
        }
        return renewed;
    }

    @Override
    public boolean isAcquired(String lock) {
        return delegate.isAcquired(lock);
    }

    @Override
    public boolean delete(String lock) {
        return delegate.delete(lock);
    }

    @Override
    public void deleteExpired() {
        delegate.deleteExpired();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * The lock row's own two connections to Ficus's database. A replica frozen in the middle of a renewal (a GC or VM
     * pause, SIGSTOP) would hold the row's lock in its open transaction and keep every standby waiting for as long as
     * it is frozen; PostgreSQL ends such a session after half a lease ({@code idle_in_transaction_session_timeout}),
     * which releases the row.
     *
     * @param ficus   Ficus's own database (URL and credentials)
     * @param leaseMs the leader's lease, ms
     * @return a pool of at most two connections, closed by its owner
     */
    static HikariDataSource leaseConnections(HikariDataSource ficus, long leaseMs) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("cdc-leader");
        ds.setJdbcUrl(ficus.getJdbcUrl());
        ds.setUsername(ficus.getUsername());
        ds.setPassword(ficus.getPassword());
        ds.setMaximumPoolSize(2);
        ds.setMinimumIdle(1);
        ds.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + Math.max(1, leaseMs / 2));
        return ds;
    }
}
