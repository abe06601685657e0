package io.livestage.signaling.ratelimit;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}. Synchronized
 * because one user's connections may live on different event loops; uncontended in practice.
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long updatedAt;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.updatedAt = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket has refilled completely, so forgetting it changes nothing. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            updatedAt = nowNanos;
        }
    }
}
