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

    /**
     * Transport-cc gives arrival times in 250 µs ticks. A burst the receiver read from its socket at
     * once (loopback, a busy machine) reports one arrival time for all of its packets: it carried
     * the probe's rate many times over, and once read as no rate at all, half the probes on a fast
     * path failed and each failure cost a viewer five seconds on a lower layer.
     */
    @Test
    void aClusterThatArrivedWithinOneFeedbackTickCarriedItsRate() {
        deliver(1_000_000, 60);
        long target = estimator.probeTargetBps(clockMicros);
        assertTrue(target >= 2 * 1_000_000, "probe at " + target);

        estimator.onProbeSent(sequence, 10, target, clockMicros);
        for (int i = 0; i < 10; i++) {
            estimator.onReceived(sequence++, clockMicros, clockMicros + 30_000, 1_200);
        }
        clockMicros += FEEDBACK_MICROS;
        estimator.onFeedback(10, 0, clockMicros);
        assertEquals(target, estimator.estimateBps());
        assertEquals(target, estimator.probedBps());
        assertTrue(estimator.probeTargetBps(clockMicros) > target, "probes further at once");
    }

    @Test
    void aClusterSpreadByTheBottleneckLiftsOnlyToWhatArrived() {
        deliver(1_000_000, 60);
        long target = estimator.probeTargetBps(clockMicros);
        estimator.onProbeSent(sequence, 10, target, clockMicros);
        long bottleneckGapMicros = 1_200 * 8 * 1_000_000L / 1_500_000; // the link carries 1.5 Mbit/s
        for (int i = 0; i < 10; i++) {
            estimator.onReceived(sequence++, clockMicros, clockMicros + 30_000 + i * bottleneckGapMicros, 1_200);
        }
        clockMicros += FEEDBACK_MICROS;
        estimator.onFeedback(10, 0, clockMicros);
        assertEquals(0, estimator.probedBps(), "arrived at 1.5 of the 2 Mbit/s probed: no success");
        assertTrue(estimator.estimateBps() < 1_500_000, "not lifted by the probe: " + estimator.estimateBps());
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
