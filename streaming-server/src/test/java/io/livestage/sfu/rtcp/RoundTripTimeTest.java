package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundTripTimeTest {

    @Test
    void theExampleOfRfc3550Section641() {
        // A = 46864.500 s, LSR = 46853.125 s, DLSR = 5.250 s: the round trip is 6.125 s.
        assertEquals(0x00062000L, RoundTripTime.compute(0xb7108000L, 0xb7052000L, 0x00054000L));
    }

    @Test
    void survivesTheWrapOfTheCompactNtpTime() {
        // LSR just before the 32-bit wrap, the block arriving just after: 4096/65536 s = 62.5 ms.
        assertEquals(0x1000, RoundTripTime.compute(0x00001000L, 0xfffff000L, 0x00001000L));
        RoundTripTime rtt = new RoundTripTime();
        assertTrue(rtt.onReportBlock(0x00000000_10000000L, 0xfffff000L, 0x00001000L));
        assertEquals(62_500_000L, rtt.latestNanos());
    }

    @Test
    void noSampleWithoutAnEchoedSenderReportOrFromANegativeResult() {
        assertEquals(-1, RoundTripTime.compute(0x12345678L, 0, 0));
        assertEquals(-1, RoundTripTime.compute(0x00010000L, 0x00010000L, 0x00010000L), "a second in the future");
        assertEquals(0, RoundTripTime.compute(0x00010000L, 0x0000fffeL, 0x00000004L), "rounding on a short path");
        RoundTripTime rtt = new RoundTripTime();
        assertFalse(rtt.onReportBlock(0x83aa7e80_40000000L, 0, 0));
        assertEquals(-1, rtt.latestNanos());
        assertEquals(-1, rtt.smoothedNanos());
        assertEquals(0, rtt.samples());
    }

    @Test
    void smoothsWithAGainOfOneEighth() {
        RoundTripTime rtt = new RoundTripTime();
        long lsr = 0x7e800000L;
        long dlsr = 0x8000; // held half a second
        long sentAt = 0x83aa7e80_00000000L;
        assertTrue(rtt.onReportBlock(sentAt + (0x8000L + 0x2000) * 0x10000, lsr, dlsr));
        assertEquals(125_000_000L, rtt.latestNanos());
        assertEquals(125_000_000L, rtt.smoothedNanos());
        assertTrue(rtt.onReportBlock(sentAt + (0x8000L + 0x4000) * 0x10000, lsr, dlsr));
        assertEquals(250_000_000L, rtt.latestNanos());
        assertEquals(140_625_000L, rtt.smoothedNanos());
        assertEquals(2, rtt.samples());
    }
}
