package dev.ficus.cdc;

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
}
