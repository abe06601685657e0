package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AimdRateControlTest {

    private static final long FEEDBACK_MICROS = 50_000;

    private final AimdRateControl control = new AimdRateControl(50_000, 10_000_000, 1_000_000);
    private long clockMicros;

    @Test
    void farFromAnyCongestionItGrowsAboutEightPercentASecond() {
        long rate = run(BandwidthUsage.NORMAL, 1_000_000, 20); // a second
        assertEquals(1_080_000, rate, 5_000);
    }

    @Test
    void overuseCutsToEightyFivePercentOfWhatArrived() {
        run(BandwidthUsage.NORMAL, 1_000_000, 2);
        assertEquals(680_000, run(BandwidthUsage.OVERUSING, 800_000, 1), 1);
    }

    @Test
    void cutsComeAtMostOncePerInterval() {
        long cut = run(BandwidthUsage.OVERUSING, 900_000, 1);
        assertEquals(cut, run(BandwidthUsage.OVERUSING, 700_000, 2), "within 200 ms of the last cut");
        assertEquals(595_000, run(BandwidthUsage.OVERUSING, 700_000, 2), 1);
    }

    @Test
    void nearTheLastCongestionItGrowsAdditively() {
        run(BandwidthUsage.OVERUSING, 1_000_000, 1); // 850 kbit/s, capacity about 1 Mbit/s
        long rate = run(BandwidthUsage.NORMAL, 1_000_000, 21); // one update moves hold to increase
        long additive = AimdRateControl.ADDITIVE_BPS_PER_SECOND;
        assertEquals(850_000 + additive, rate, additive / 10);
        assertTrue(control.nearCapacity());
    }

    @Test
    void arrivingWellBeyondTheLastCongestionGrowsMultiplicativelyAgain() {
        run(BandwidthUsage.OVERUSING, 1_000_000, 1);
        run(BandwidthUsage.NORMAL, 1_000_000, 1);
        assertTrue(control.nearCapacity());
        run(BandwidthUsage.NORMAL, 1_500_000, 1);
        assertTrue(!control.nearCapacity(), "the path has changed");
    }

    @Test
    void underuseHolds() {
        run(BandwidthUsage.NORMAL, 1_000_000, 2);
        long before = control.rateBps();
        assertEquals(before, run(BandwidthUsage.UNDERUSING, 1_000_000, 20));
    }

    @Test
    void itNeverGrowsBeyondOneAndAHalfTimesWhatArrived() {
        AimdRateControl limited = new AimdRateControl(50_000, 10_000_000, 500_000);
        long rate = 0;
        for (int i = 1; i <= 100; i++) {
            rate = limited.update(BandwidthUsage.NORMAL, 400_000, i * FEEDBACK_MICROS);
        }
        assertEquals(610_000, rate);
        assertEquals(1_000_000, run(BandwidthUsage.NORMAL, 400_000, 20), "nor cuts to that");
    }

    @Test
    void itStaysWithinItsBounds() {
        for (int i = 0; i < 50; i++) {
            run(BandwidthUsage.OVERUSING, 10_000, 5);
        }
        assertEquals(50_000, control.rateBps());
        control.set(50_000_000, clockMicros);
        assertEquals(10_000_000, control.rateBps());
    }

    private long run(BandwidthUsage usage, long receivedBps, int feedbacks) {
        long rate = control.rateBps();
        for (int i = 0; i < feedbacks; i++) {
            clockMicros += FEEDBACK_MICROS;
            rate = control.update(usage, receivedBps, clockMicros);
        }
        return rate;
    }
}
