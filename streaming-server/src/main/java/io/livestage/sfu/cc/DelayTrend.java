package io.livestage.sfu.cc;

/**
 * Whether queues on the path to a subscriber are building, in the spirit of the trendline
 * estimator of Google congestion control (draft-ietf-rmcat-gcc): each received packet adds its
 * one-way delay variation against the previous one, {@code (arrival - previous arrival) - (send -
 * previous send)}, to an accumulated delay; an exponentially smoothed copy of that is fitted by
 * least squares against arrival time over the last {@link #WINDOW} packets. The slope is
 * milliseconds of extra delay per millisecond of arrival: positive while queues fill, about zero
 * when the path keeps up, negative while they drain.
 *
 * <p>The samples may be single packets or groups of packets sent together ({@link
 * GroupDelayDetector} feeds one per 5 ms send group); the arithmetic is the same.
 *
 * <p>Send and arrival times come from different clocks; only differences of each are used, so
 * their offset cancels. Not thread-safe: the feedback thread's.
 */
final class DelayTrend {

    static final int WINDOW = 20;

    /** Weight of the previous smoothed delay, as in the GCC trendline estimator. */
    private static final double SMOOTHING = 0.9;
    private static final double MICROS_PER_MILLI = 1_000.0;

    private final double[] arrivalMillis = new double[WINDOW];
    private final double[] smoothedDelayMillis = new double[WINDOW];
    private long samples;
    private long firstArrivalMicros;
    private long previousArrivalMicros;
    private long previousSendMicros;
    private double accumulatedDelayMillis;
    private double smoothedDelay;
    private double slope;

    void add(long sendMicros, long arrivalMicros) {
        if (samples == 0) {
            firstArrivalMicros = arrivalMicros;
        } else {
            long variation = (arrivalMicros - previousArrivalMicros) - (sendMicros - previousSendMicros);
            accumulatedDelayMillis += variation / MICROS_PER_MILLI;
        }
        previousArrivalMicros = arrivalMicros;
        previousSendMicros = sendMicros;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelayMillis;
        int at = (int) (samples % WINDOW);
        arrivalMillis[at] = (arrivalMicros - firstArrivalMicros) / MICROS_PER_MILLI;
        smoothedDelayMillis[at] = smoothedDelay;
        samples++;
        if (samples >= WINDOW) {
            slope = fitSlope();
        }
    }

    /** Samples added so far: packets, or send groups when fed one sample per group. */
    long samples() {
        return samples;
    }

    /** The latest slope; 0 until a full window of packets was received. */
    double slope() {
        return slope;
    }

    private double fitSlope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanX += arrivalMillis[i];
            meanY += smoothedDelayMillis[i];
        }
        meanX /= WINDOW;
        meanY /= WINDOW;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < WINDOW; i++) {
            double dx = arrivalMillis[i] - meanX;
            covariance += dx * (smoothedDelayMillis[i] - meanY);
            variance += dx * dx;
        }
        // All arrivals at one instant (a burst reported with zero deltas) carry no trend; keep the last.
        return variance > 0 ? covariance / variance : slope;
    }
}
