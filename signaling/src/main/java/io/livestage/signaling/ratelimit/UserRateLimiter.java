package io.livestage.signaling.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per user, shared by all of that user's connections, so opening more
 * connections does not buy more chat. Full buckets are forgotten by {@link #sweep()}.
 */
public final class UserRateLimiter {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public UserRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public boolean tryAcquire(String userId) {
        long now = nanoClock.getAsLong();
        return buckets.computeIfAbsent(userId, id -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }

    /** Drops buckets that are full again; call periodically to bound memory. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    int trackedUsers() {
        return buckets.size();
    }
}
