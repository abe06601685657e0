package io.livestage.loadtest.show;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.loadtest.metrics.ServerFigures;
import org.junit.jupiter.api.Test;

class KeyframeRequestLogTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aPhaseHasItsRequestsMeanRateAndBusiestSecondPerStream() {
        KeyframeRequestLog log = new KeyframeRequestLog(3);
        int start = log.sample(10 * S, new long[] {5, 0, 1});
        log.sample(11 * S, new long[] {7, 1, 1});
        log.sample(12 * S, new long[] {8, 3, 1});
        // The phase's end comes a moment after a periodic sample: that short interval cannot make a peak.
        log.sample(13 * S, new long[] {10, 3, 1});
        int end = log.sample(13 * S + S / 10, new long[] {11, 3, 1});
        log.sample(14 * S, new long[] {30, 30, 30});

        KeyframeRequestLog.Phase ramp = log.phase("ramp", start, end, null, null);
        assertEquals("ramp", ramp.name());
        assertEquals(3.1, ramp.seconds(), 1e-9);
        assertArrayEquals(new long[] {6, 3, 0}, ramp.requests());
        assertEquals(6 / 3.1, ramp.perSecond(0), 1e-9);
        assertArrayEquals(new double[] {2, 2, 0}, ramp.peakPerSecond(), 1e-9);
        assertEquals(-1, ramp.serverRequests());
        assertEquals(-1, ramp.serverWanted());
    }

    @Test
    void missingCountsAreZeroAndTheServerCountersAreDifferences() {
        KeyframeRequestLog log = new KeyframeRequestLog(2);
        int start = log.sample(0, new long[0]);
        int end = log.sample(2 * S, new long[] {4, 2});
        KeyframeRequestLog.Phase phase = log.phase("warm-up", start, end, figures(10, 100), figures(14, 190));
        assertArrayEquals(new long[] {4, 2}, phase.requests());
        assertArrayEquals(new double[] {2, 1}, phase.peakPerSecond(), 1e-9);
        assertEquals(4, phase.serverRequests());
        assertEquals(90, phase.serverWanted());
        assertEquals(-1, log.phase("x", start, end, figures(-1, -1), figures(3, 3)).serverRequests(),
                "a server without the counters");
    }

    private static ServerFigures figures(long requests, long wanted) {
        return new ServerFigures(-1, -1, -1, -1, -1, -1, -1, -1, requests, wanted);
    }
}
