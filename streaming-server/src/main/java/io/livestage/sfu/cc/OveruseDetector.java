package io.livestage.sfu.cc;

/**
 * Turns the delay trend into {@link BandwidthUsage} against a threshold that adapts to it
 * (draft-ietf-rmcat-gcc, sections 5.4 and 5.5). A fixed threshold would either starve against a
 * competing TCP flow, whose queue makes the trend noisy, or miss our own queue building; the
 * threshold climbs slowly toward large trends and falls quickly back toward small ones.
 *
 * <p>Overuse is declared only when the trend has stayed above the threshold for
 * {@link #OVERUSE_TIME_MS} and two samples, and is not falling: one delayed group is jitter, not a
 * queue. Not thread-safe: the feedback thread's.
 */
final class OveruseDetector {

    static final double INITIAL_THRESHOLD_MS = 12.5;
    static final double OVERUSE_TIME_MS = 10;
    private static final double MIN_THRESHOLD_MS = 6;
    private static final double MAX_THRESHOLD_MS = 600;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    /** A trend this far beyond the threshold is a spike (a route change, a burst): don't adapt to it. */
    private static final double MAX_ADAPT_EXCESS_MS = 15;
    private static final double MAX_ADAPT_STEP_MS = 100;
    private static final double MICROS_PER_MILLI = 1_000.0;

    private double thresholdMs = INITIAL_THRESHOLD_MS;
    private double timeOverUsingMs = -1;
    private int overuseSamples;
    private double previousTrend;
    private boolean updated;
    private long lastUpdateMicros;
    private BandwidthUsage usage = BandwidthUsage.NORMAL;

    /**
     * One send group's modified trend (slope × samples × gain, in ms), the send-time gap to the
     * previous group and the group's arrival time.
     */
    BandwidthUsage detect(double trendMs, long sendDeltaMicros, long arrivalMicros) {
        double sendDeltaMs = sendDeltaMicros / MICROS_PER_MILLI;
        if (trendMs > thresholdMs) {
            // Half a gap for the first sample: the queue began filling somewhere within it.
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseSamples++;
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseSamples > 1 && trendMs >= previousTrend) {
                timeOverUsingMs = 0;
                overuseSamples = 0;
                usage = BandwidthUsage.OVERUSING;
            }
        } else {
            timeOverUsingMs = -1;
            overuseSamples = 0;
            usage = trendMs < -thresholdMs ? BandwidthUsage.UNDERUSING : BandwidthUsage.NORMAL;
        }
        previousTrend = trendMs;
        adaptThreshold(trendMs, arrivalMicros);
        return usage;
    }

    BandwidthUsage usage() {
        return usage;
    }

    double thresholdMs() {
        return thresholdMs;
    }

    private void adaptThreshold(double trendMs, long nowMicros) {
        if (!updated) {
            updated = true;
            lastUpdateMicros = nowMicros;
        }
        double magnitude = Math.abs(trendMs);
        if (magnitude > thresholdMs + MAX_ADAPT_EXCESS_MS) {
            lastUpdateMicros = nowMicros;
            return;
        }
        double k = magnitude < thresholdMs ? K_DOWN : K_UP;
        double stepMs = Math.min(Math.max(nowMicros - lastUpdateMicros, 0) / MICROS_PER_MILLI, MAX_ADAPT_STEP_MS);
        thresholdMs += k * (magnitude - thresholdMs) * stepMs;
        thresholdMs = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, thresholdMs));
        lastUpdateMicros = nowMicros;
    }
}
