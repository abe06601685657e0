package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BandwidthEstimatorTest {

    private static final long FEEDBACK_MICROS = 50_000;

    private final BandwidthEstimator estimator = new BandwidthEstimator(EstimateBounds.DEFAULT);
    private long sequence;
    private long clockMicros;

    @Test
    void startsAtTheStartValueOrAnEarlierRemb() {
        assertEquals(1_000_000, estimator.estimateBps());
        estimator.onRemb(1_500_000);
        assertEquals(1_500_000, estimator.estimateBps());
    }

    @Test
    void rembCapsAndTheFloorHolds() {
        deliver(2_000_000, 40);
        estimator.onRemb(700_000);
        assertEquals(700_000, estimator.estimateBps());
        estimator.onRemb(10_000);
        assertEquals(EstimateBounds.DEFAULT.floorBps(), estimator.estimateBps());
    }

    @Test
    void asksForAProbeOnlyOnceStableAndLiftsToWhatTheClusterCarried() {
        assertEquals(0, estimator.probeTargetBps(clockMicros), "no feedback yet");
        deliver(1_000_000, 10);
        assertEquals(0, estimator.probeTargetBps(clockMicros), "not stable for long enough");
        deliver(1_000_000, 50);
        long target = estimator.probeTargetBps(clockMicros);
        assertTrue(target >= 2 * 1_000_000, "probe at " + target);

        estimator.onProbeSent(sequence, 10, target, clockMicros);
        assertEquals(0, estimator.probeTargetBps(clockMicros), "a cluster is out");
        long gapMicros = 1_200 * 8 * 1_000_000L / target;
        for (int i = 0; i < 10; i++) {
            estimator.onReceived(sequence++, clockMicros + i * gapMicros, clockMicros + i * gapMicros + 30_000, 1_200);
        }
        clockMicros += FEEDBACK_MICROS;
        estimator.onFeedback(10, 0, clockMicros);
        assertTrue(estimator.estimateBps() >= 0.95 * target, "lifted to " + estimator.estimateBps());
    }

    /** {@code feedbacks} feedback intervals of 1,200-byte packets arriving at {@code bps} with a flat delay. */
    private void deliver(long bps, int feedbacks) {
        long gapMicros = 1_200 * 8 * 1_000_000L / bps;
        for (int f = 0; f < feedbacks; f++) {
            long end = clockMicros + FEEDBACK_MICROS;
            int packets = 0;
            for (long t = clockMicros; t < end; t += gapMicros) {
                estimator.onReceived(sequence++, t, t + 30_000, 1_200);
                packets++;
            }
            clockMicros = end;
            estimator.onFeedback(packets, 0, clockMicros + 30_000);
        }
    }
}
