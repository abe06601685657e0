package io.livestage.sfu.ice;

import java.time.Duration;

/**
 * RFC 7675 consent freshness of the path in use: the address media goes to keeps proving it
 * wants it, by authenticated checks from it or answers from it to checks of ours; once no proof
 * has come for the timeout, consent has expired and the transport should close. Proofs from any
 * other address do not count, so a forged check cannot keep media flowing to a path its owner
 * left. Times are {@link System#nanoTime()} readings passed in by the owner, which keeps this
 * testable and avoids a clock read per call. Owned by the transport's event loop.
 */
public final class ConsentFreshness {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final long timeoutNanos;
    private long lastProofNanos;

    /** Starts the clock at creation, so a peer that never completes a check expires too. */
    public ConsentFreshness(Duration timeout, long nowNanos) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.lastProofNanos = nowNanos;
    }

    /** The path in use proved consent at {@code provenNanos} (a check from it, or its answer to ours). */
    public void refreshed(long provenNanos) {
        lastProofNanos = provenNanos;
    }

    public boolean expired(long nowNanos) {
        return nowNanos - lastProofNanos >= timeoutNanos;
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }
}
