package io.livestage.signaling.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallMeterTest {
    private final CallMeter meter = new CallMeter(60_000, 30);

    @Test
    void minutesStartEverySixtySecondsOfConnectedTime() {
        meter.run(1000);
        assertEquals(0, meter.untilNextMinute(1000), "minute 0 starts at once");
        meter.charged(0, 30, 70);
        assertEquals(60_000, meter.untilNextMinute(1000));
        assertEquals(20_000, meter.untilNextMinute(41_000));
        assertEquals(1, meter.nextMinute());
        assertEquals(60 + 2 * 60, meter.secondsLeft(1000), "the paid minute plus two the balance pays");
        assertEquals(40 + 2 * 60, meter.secondsLeft(21_000));
    }

    @Test
    void stoppedTimeIsNeitherBilledNorCounted() {
        meter.run(0);
        meter.charged(0, 30, 970);
        meter.stop(30_000);
        assertFalse(meter.running());
        assertEquals(30_000, meter.untilNextMinute(500_000), "the clock stood still while stopped");
        meter.run(500_000);
        meter.run(510_000);
        assertTrue(meter.running());
        assertEquals(20_000, meter.untilNextMinute(510_000), "a second run() changes nothing");
        assertEquals(40, meter.durationSec(510_000));
        meter.stop(530_000);
        meter.stop(600_000);
        assertEquals(60, meter.durationSec(900_000));
    }

    @Test
    void secondsLeftNeverCountsAPartialMinuteOfBalance() {
        meter.run(0);
        meter.charged(0, 30, 59);
        assertEquals(60 + 60, meter.secondsLeft(0));
        assertEquals(30, meter.charged());
        assertEquals(59, meter.balance());
        assertEquals(60, meter.secondsLeft(60_000), "past the paid minute only the balance counts");
    }
}
