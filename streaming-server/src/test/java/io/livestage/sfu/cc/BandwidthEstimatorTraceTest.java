package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The estimator against {@link LinkSimulator} traces: the acceptance figures of "Media quality,
 * part 2". Each test prints its timeline every 500 ms for the docs.
 */
class BandwidthEstimatorTraceTest {

    private static final long SECOND = 1_000_000;
    private static final long HIGH_BPS = 2_500_000;
    private static final long LOW_BPS = 600_000;
    private static final long APPLICATION_BPS = 3_000_000;

    @Test
    void capacityStepDownIsFollowedWithinTwoSeconds() {
        long step = 20 * SECOND;
        Trace trace = new LinkSimulator(t -> t < step ? HIGH_BPS : LOW_BPS, APPLICATION_BPS, 0, 1)
                .run(30 * SECOND);
        print(trace, "step down 2.5 -> 0.6 Mbit/s at 20 s");
        assertTrue(trace.estimateBps()[trace.indexAt(step)] >= 2_000_000, "converged before the step");
        long below = trace.firstBelow(700_000, step);
        System.out.printf("step down: estimate below 0.7 Mbit/s %d ms after the step%n", (below - step) / 1_000);
        assertTrue(below >= 0 && below - step <= 2 * SECOND, "below 0.7 Mbit/s at " + below);
        assertTrue(trace.minEstimate(step + 5 * SECOND, 30 * SECOND) >= 0.5 * LOW_BPS, "no collapse after the step");
    }

    @Test
    void capacityStepUpIsFoundWithinTenSeconds() {
        long step = 20 * SECOND;
        Trace trace = new LinkSimulator(t -> t < step ? LOW_BPS : HIGH_BPS, APPLICATION_BPS, 0, 2)
                .run(40 * SECOND);
        print(trace, "step up 0.6 -> 2.5 Mbit/s at 20 s");
        long reached = trace.firstAtLeast(2_000_000, step);
        System.out.printf("step up: estimate at 2.0 Mbit/s %d ms after the step (%d probe clusters in all)%n",
                (reached - step) / 1_000, trace.probesSent());
        assertTrue(reached >= 0 && reached - step <= 10 * SECOND, "2.0 Mbit/s at " + reached);
    }

    @Test
    void twoPercentRandomLossDoesNotCollapseTheEstimate() {
        Trace trace = new LinkSimulator(t -> HIGH_BPS, APPLICATION_BPS, 0.02, 3).run(40 * SECOND);
        print(trace, "2 % random loss on 2.5 Mbit/s");
        long min = trace.minEstimate(10 * SECOND, 40 * SECOND);
        DeliveryStatistics last = trace.last();
        System.out.printf("2 %% loss: lowest estimate from 10 s on %d kbit/s, %d of %d packets lost%n", min / 1_000,
                last.packetsLost(), last.packetsReported());
        assertTrue(min >= 1_900_000, "lowest estimate " + min);
    }

    @Test
    void aSteadyLinkIsUsedWithoutDeepOscillationAndABoundedQueue() {
        Trace trace = new LinkSimulator(t -> HIGH_BPS, APPLICATION_BPS, 0, 4).run(60 * SECOND);
        print(trace, "steady 2.5 Mbit/s");
        long min = trace.minEstimate(15 * SECOND, 60 * SECOND);
        long queue = trace.maxQueueMicros(15 * SECOND, 60 * SECOND);
        System.out.printf("steady: lowest estimate from 15 s on %d kbit/s, highest queue delay %d ms%n",
                min / 1_000, queue / 1_000);
        assertTrue(min >= 0.8 * HIGH_BPS, "lowest estimate " + min);
        assertTrue(queue <= 150_000, "queue delay " + queue);
    }

    private static void print(Trace trace, String name) {
        System.out.print(trace.timeline(name, 500_000));
    }
}
