package io.livestage.sfu.ice;

import java.time.Duration;

/**
 * RFC 7675 consent freshness from the answering side: the peer keeps sending authenticated
 * checks; once none has arrived for the timeout, its consent has expired and the transport
 * should close. Times are {@link System#nanoTime()} readings passed in by the owner, which keeps
 * this testable and avoids a clock read per call. Owned by the transport's event loop.
 */
public final class ConsentFreshness {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final long timeoutNanos;
    private long lastValidCheckNanos;

    /** Starts the clock at creation, so a peer that never completes a check expires too. */
    public ConsentFreshness(Duration timeout, long nowNanos) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.lastValidCheckNanos = nowNanos;
    }

    /** Call for every accepted (authenticated) Binding request. */
    public void validCheck(long nowNanos) {
        lastValidCheckNanos = nowNanos;
    }

    public boolean expired(long nowNanos) {
        return nowNanos - lastValidCheckNanos >= timeoutNanos;
    }

    public long lastValidCheckNanos() {
        return lastValidCheckNanos;
    }
}
