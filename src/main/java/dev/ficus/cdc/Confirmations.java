package dev.ficus.cdc;

import jakarta.jms.CompletionListener;
import jakarta.jms.Message;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker's confirmations of one batch of asynchronous sends (JMS 2.0 {@link CompletionListener}s), counted by
 * the message's position in the batch. Thread-safe: Artemis calls the listeners on its own threads.
 */
final class Confirmations {

    private final int size;
    private final BitSet confirmed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int answered;
    private Exception failure;

    /** @param size messages in the batch */
    Confirmations(int size) {
        this.size = size;
        this.confirmed = new BitSet(size);
    }

    /** @return messages in the batch */
    int size() {
        return size;
    }

    /** @return the listener of the message at {@code position} (0-based) */
    CompletionListener listener(int position) {
        return new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                answer(position, null);
            }

            @Override
            public void onException(Message message, Exception exception) {
                answer(position, exception);
            }
        };
    }

    /**
     * Waits until every message is answered, or {@code timeoutMs} passed.
     *
     * @param timeoutMs longest wait, ms
     * @return how many messages from the start of the batch are confirmed without a gap
     * @throws InterruptedException when interrupted while waiting
     */
    int await(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (answered < size) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            int prefix = confirmed.nextClearBit(0);
            return Math.min(prefix, size);
        } finally {
            lock.unlock();
        }
    }

    /** @return the first failure reported by the broker, or {@code null} */
    Exception failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private void answer(int position, Exception exception) {
        lock.lock();
        try {
            answered++;
            if (exception == null) {
                confirmed.set(position);
            } else if (failure == null) {
                failure = exception;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
