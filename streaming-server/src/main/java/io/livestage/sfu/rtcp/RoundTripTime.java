package io.livestage.sfu.rtcp;

/**
 * Round-trip time to a remote receiver from the report blocks it sends about our streams
 * (RFC 3550 section 6.4.1): RTT = A - LSR - DLSR, where A is the block's arrival in compact NTP
 * form, LSR echoes our last sender report and DLSR is how long the receiver held it. All three are
 * 32-bit values in 1/65536 s, so the arithmetic is modulo 2^32 and survives the wrap of the NTP
 * seconds.
 *
 * <p>Keeps the latest and a smoothed value (the gain of 1/8 TCP uses for SRTT, RFC 6298). Not
 * thread-safe: owned by the subscriber's transport, on its event loop.
 */
public final class RoundTripTime {

    /**
     * How far below zero a result may fall and still count as zero: A and LSR are truncated to
     * 1/65536 s and DLSR rounded, so on a very short path the difference can come out a few units
     * negative.
     */
    static final long ROUNDING_TOLERANCE = 4;
    private static final int SMOOTHING_SHIFT = 3;

    private long latestNanos = -1;
    private long smoothedNanos = -1;
    private long samples;

    /**
     * The round trip in 1/65536 s, or -1 when there is none to compute: LSR 0 means the receiver
     * has not had a sender report from us yet; a clearly negative result means a corrupt block.
     */
    public static long compute(long arrivalCompactNtp, long lastSenderReport, long delaySinceLastSenderReport) {
        if (lastSenderReport == 0) {
            return -1;
        }
        int rtt = (int) (arrivalCompactNtp - lastSenderReport - delaySinceLastSenderReport);
        if (rtt < 0) {
            return rtt >= -ROUNDING_TOLERANCE ? 0 : -1;
        }
        return rtt;
    }

    /**
     * Adds a sample from one report block that arrived at our NTP time {@code arrivalNtp}.
     *
     * @return false when the block gave no sample (see {@link #compute})
     */
    public boolean onReportBlock(long arrivalNtp, long lastSenderReport, long delaySinceLastSenderReport) {
        long rtt = compute(NtpClock.compact(arrivalNtp), lastSenderReport, delaySinceLastSenderReport);
        if (rtt < 0) {
            return false;
        }
        latestNanos = NtpClock.nanosOfCompact(rtt);
        smoothedNanos = smoothedNanos < 0 ? latestNanos : smoothedNanos + ((latestNanos - smoothedNanos) >> SMOOTHING_SHIFT);
        samples++;
        return true;
    }

    /** The last sample in nanoseconds, or -1 before the first. */
    public long latestNanos() {
        return latestNanos;
    }

    /** The smoothed round trip in nanoseconds, or -1 before the first sample. */
    public long smoothedNanos() {
        return smoothedNanos;
    }

    public long samples() {
        return samples;
    }
}
