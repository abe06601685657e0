package io.livestage.server.webhooks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff from {@code initialMs}, doubling up to
 * {@code maxMs}, each delay jittered to between half and all of itself (so endpoints that failed together
 * do not retry together), until {@code retryForMs} after the event happened. The last attempt is made at
 * that deadline; after it fails the event is given up.
 */
public final class RetrySchedule {
    private final long initialMs;
    private final long maxMs;
    private final long retryForMs;
    private final DoubleSupplier random;

    public RetrySchedule(long initialMs, long maxMs, long retryForMs) {
        this(initialMs, maxMs, retryForMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random numbers in [0, 1) for the jitter; tests pass fixed ones */
    RetrySchedule(long initialMs, long maxMs, long retryForMs, DoubleSupplier random) {
        if (initialMs < 1 || maxMs < initialMs || retryForMs < 0) {
            throw new IllegalArgumentException("retries need 0 < initialMs <= maxMs and retryForMs >= 0");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.retryForMs = retryForMs;
        this.random = random;
    }

    /** The delay after the given number of failed attempts (1 or more). */
    public long delayMs(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
        long full = (long) Math.min((double) maxMs, initialMs * Math.pow(2, doublings));
        long half = full / 2;
        return half + Math.round(random.getAsDouble() * (full - half));
    }

    /** When to try again after a failure at {@code nowMs}, or -1 when the event is past its deadline: give up. */
    public long nextAttemptMs(int failedAttempts, long createdAtMs, long nowMs) {
        long deadline = createdAtMs + retryForMs;
        if (nowMs >= deadline) {
            return -1;
        }
        return Math.min(nowMs + delayMs(failedAttempts), deadline);
    }
}
