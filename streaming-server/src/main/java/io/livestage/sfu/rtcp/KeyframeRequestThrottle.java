package io.livestage.sfu.rtcp;

/**
 * Decides when a keyframe request (PLI, or FIR per RFC 5104) goes upstream to a publisher's video
 * track, however many subscribers ask: at most one per interval, yet the first request after a
 * quiet spell goes at once, and a request that arrives too soon is deferred, not lost.
 *
 * <p>A deferred request is dropped when a keyframe arrives first, since that keyframe reaches
 * every subscriber that had asked. Otherwise it is granted by {@link #poll} once the interval has
 * passed, so call {@code poll} from a timer or on each packet of the track.
 *
 * <p>One per producer. Not thread-safe: used on the producer's event loop.
 */
public final class KeyframeRequestThrottle {

    public static final long DEFAULT_INTERVAL_NANOS = 400_000_000L;

    private final long intervalNanos;
    private boolean sentAny;
    private long lastSentNanos;
    private boolean pending;
    private int firSequenceNumber = -1;

    /** @param intervalNanos the least time between two requests sent upstream */
    public KeyframeRequestThrottle(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos must be positive: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
    }

    public KeyframeRequestThrottle() {
        this(DEFAULT_INTERVAL_NANOS);
    }

    /**
     * A subscriber asked for a keyframe (its PLI or FIR, or it just joined).
     *
     * @return true when a request should go upstream now; otherwise one is deferred
     */
    public boolean onRequest(long nowNanos) {
        if (mayGrant(nowNanos)) {
            return grant(nowNanos);
        }
        pending = true;
        return false;
    }

    /** @return true when a deferred request is due now and should go upstream */
    public boolean poll(long nowNanos) {
        return pending && mayGrant(nowNanos) && grant(nowNanos);
    }

    /** A keyframe of the track arrived: it answers every request made so far. */
    public void onKeyframe() {
        pending = false;
    }

    /** Whether a request is waiting for the interval to pass. */
    public boolean pending() {
        return pending;
    }

    /**
     * The FIR command sequence number for the request last granted (0..255). It advances with each
     * grant, since each is a new request in RFC 5104's sense; 0 before any grant.
     */
    public int firSequenceNumber() {
        return Math.max(0, firSequenceNumber);
    }

    private boolean mayGrant(long nowNanos) {
        return !sentAny || nowNanos - lastSentNanos >= intervalNanos;
    }

    private boolean grant(long nowNanos) {
        sentAny = true;
        lastSentNanos = nowNanos;
        pending = false;
        firSequenceNumber = (firSequenceNumber + 1) & 0xFF;
        return true;
    }
}
