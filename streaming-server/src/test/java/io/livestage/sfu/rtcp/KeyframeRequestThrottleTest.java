package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyframeRequestThrottleTest {

    private static final long MS = 1_000_000L;

    private final KeyframeRequestThrottle throttle = new KeyframeRequestThrottle(400 * MS);

    @Test
    void aCrowdJoiningGetsOneRequestPerInterval() {
        assertTrue(throttle.onRequest(1000 * MS), "the first request goes at once");
        for (long t = 1001; t < 1400; t += 10) {
            assertFalse(throttle.onRequest(t * MS));
        }
        assertTrue(throttle.pending());
        assertFalse(throttle.poll(1399 * MS));
        assertTrue(throttle.poll(1400 * MS), "the deferred request goes when the interval ends");
        assertFalse(throttle.pending());
        assertFalse(throttle.poll(1900 * MS), "nothing left to send");
    }

    @Test
    void theFirstRequestAfterAQuietSpellIsNeverHeldBack() {
        assertTrue(throttle.onRequest(0));
        assertTrue(throttle.onRequest(400 * MS));
        assertTrue(throttle.onRequest(60_000 * MS));
        assertFalse(throttle.pending());
    }

    @Test
    void aKeyframeAnswersTheDeferredRequests() {
        assertTrue(throttle.onRequest(0));
        assertFalse(throttle.onRequest(100 * MS));
        throttle.onKeyframe();
        assertFalse(throttle.pending());
        assertFalse(throttle.poll(500 * MS));
    }

    @Test
    void eachGrantIsANewFirCommand() {
        assertEquals(0, throttle.firSequenceNumber());
        throttle.onRequest(0);
        assertEquals(0, throttle.firSequenceNumber());
        throttle.onRequest(100 * MS);
        assertEquals(0, throttle.firSequenceNumber(), "deferred, not sent");
        throttle.poll(400 * MS);
        assertEquals(1, throttle.firSequenceNumber());
        for (int i = 2; i <= 256; i++) {
            assertTrue(throttle.onRequest(i * 400 * MS));
        }
        assertEquals(0, throttle.firSequenceNumber(), "the 8-bit number wraps");
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new KeyframeRequestThrottle(0));
    }
}
