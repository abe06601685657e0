package io.livestage.sfu.rtp;

/**
 * How many bytes one subscriber may have sent again per second, as a token bucket: a NACK costs
 * us a send for a few bytes of the subscriber's, so without a bound a viewer asking for the whole
 * retransmission cache over and over could make us send many times its stream to whatever address
 * it names. The burst covers a real loss burst (the most one NACK gets resent); the rate is well
 * above what a lossy but honest link asks for.
 *
 * <p>One per consumer; not thread-safe: used on the event loop that serves the consumer's NACKs.
 */
public final class RetransmissionBudget {
    /** 2 Mbit/s of retransmissions per subscriber and track. */
    public static final long DEFAULT_BYTES_PER_SECOND = 250_000;
    /** One NACK's worth of full packets (128 of 1,500 bytes). */
    public static final long DEFAULT_BURST_BYTES = 192_000;

    private final double bytesPerNano;
    private final double burst;
    private double available;
    private long lastNanos;
    private boolean started;

    public RetransmissionBudget(long bytesPerSecond, long burstBytes) {
        if (bytesPerSecond <= 0 || burstBytes <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive: " + bytesPerSecond + ", " + burstBytes);
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burstBytes;
        this.available = burstBytes;
    }

    public RetransmissionBudget() {
        this(DEFAULT_BYTES_PER_SECOND, DEFAULT_BURST_BYTES);
    }

    /** True, and the bytes are spent, when a packet of {@code bytes} may be sent again now. */
    public boolean take(int bytes, long nowNanos) {
        if (started) {
            available = Math.min(burst, available + (nowNanos - lastNanos) * bytesPerNano);
        }
        started = true;
        lastNanos = nowNanos;
        if (available < bytes) {
            return false;
        }
        available -= bytes;
        return true;
    }
}
