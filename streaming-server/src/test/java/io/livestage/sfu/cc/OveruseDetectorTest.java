package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OveruseDetectorTest {

    private static final long GROUP_MICROS = 5_000;

    private final OveruseDetector detector = new OveruseDetector();
    private long clockMicros;

    @Test
    void aTrendAboveTheThresholdIsOveruseOnlyOnceItPersists() {
        assertEquals(BandwidthUsage.NORMAL, feed(20)); // 2.5 ms over: not yet
        assertEquals(BandwidthUsage.NORMAL, feed(20)); // 7.5 ms over: not yet
        assertEquals(BandwidthUsage.OVERUSING, feed(20)); // 12.5 ms, three samples, not falling
    }

    @Test
    void oneDelayedGroupIsJitterNotOveruse() {
        assertEquals(BandwidthUsage.NORMAL, feed(40));
        assertEquals(BandwidthUsage.NORMAL, feed(0));
        assertEquals(BandwidthUsage.NORMAL, feed(40));
        assertEquals(BandwidthUsage.NORMAL, feed(0));
    }

    @Test
    void aFallingTrendIsNotDeclaredOveruse() {
        feed(30);
        feed(25);
        assertEquals(BandwidthUsage.NORMAL, feed(20), "above the threshold but falling");
        assertEquals(BandwidthUsage.OVERUSING, feed(21));
    }

    @Test
    void aNegativeTrendIsUnderuseAndASmallOneNormal() {
        assertEquals(BandwidthUsage.UNDERUSING, feed(-20));
        assertEquals(BandwidthUsage.NORMAL, feed(2));
    }

    @Test
    void theThresholdFollowsTheTrendSlowlyUpAndQuicklyDown() {
        for (int i = 0; i < 200; i++) { // a second of a moderate trend just above the threshold
            feed(OveruseDetector.INITIAL_THRESHOLD_MS + 5);
        }
        double raised = detector.thresholdMs();
        assertTrue(raised > OveruseDetector.INITIAL_THRESHOLD_MS + 3, "raised to " + raised);
        for (int i = 0; i < 40; i++) { // 200 ms of calm
            feed(0);
        }
        assertTrue(detector.thresholdMs() < 7, "lowered to " + detector.thresholdMs());
    }

    @Test
    void aSpikeFarBeyondTheThresholdDoesNotMoveIt() {
        feed(200);
        assertEquals(OveruseDetector.INITIAL_THRESHOLD_MS, detector.thresholdMs(), 1e-9);
    }

    private BandwidthUsage feed(double trendMs) {
        clockMicros += GROUP_MICROS;
        return detector.detect(trendMs, GROUP_MICROS, clockMicros);
    }
}
