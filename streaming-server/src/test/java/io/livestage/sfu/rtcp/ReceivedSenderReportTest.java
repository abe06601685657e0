package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import org.junit.jupiter.api.Test;

class ReceivedSenderReportTest {

    private static final long MS = 1_000_000L;

    @Test
    void echoesZeroBeforeTheFirstReport() {
        ReceivedSenderReport last = new ReceivedSenderReport();
        assertFalse(last.received());
        assertEquals(0, last.lastSenderReport());
        assertEquals(0, last.delaySinceLastSenderReport(5_000 * MS));
    }

    @Test
    void lsrIsTheMiddleOfTheNtpTimeAndDlsrCountsFromArrival() {
        byte[] sr = Hex.bytes(RtcpFixtures.SR);
        RtcpCompoundReader reader = new RtcpCompoundReader();
        assertTrue(reader.wrap(sr, 0, sr.length));
        assertEquals(RtcpKind.SENDER_REPORT, reader.next());
        ReceivedSenderReport last = new ReceivedSenderReport();
        last.onSenderReport(reader.senderReport(), 1_000 * MS);
        assertTrue(last.received());
        assertEquals(0xb3c4d5e6L, last.lastSenderReport());
        assertEquals(0, last.delaySinceLastSenderReport(1_000 * MS));
        assertEquals(0x8000, last.delaySinceLastSenderReport(1_500 * MS));
        assertEquals(0x0005_4000, last.delaySinceLastSenderReport(6_250 * MS));
    }

    @Test
    void mapsNtpTimeToTheStreamsRtpClock() {
        ReceivedSenderReport last = new ReceivedSenderReport();
        last.record((3_900_000_000L << 32) | 0x8000_0000L, 1_000_000, 0);
        long later = (3_900_000_002L << 32) | 0xc000_0000L; // 2.25 s on
        assertEquals(1_000_000 + 202_500, last.rtpTimestampAt(later, 90_000));
        assertEquals(1_000_000 + 108_000, last.rtpTimestampAt(later, 48_000));
        long earlier = (3_900_000_000L << 32) | 0x4000_0000L; // 0.25 s before
        assertEquals(1_000_000 - 22_500, last.rtpTimestampAt(earlier, 90_000));
    }

    @Test
    void theMappingWrapsWithNtpAndRtpTime() {
        ReceivedSenderReport last = new ReceivedSenderReport();
        last.record(0xffffffff_80000000L, 0xfffffff0L, 0);
        assertEquals(0x1079cL, last.rtpTimestampAt(0x00000000_40000000L, 90_000), "0.75 s on, across both wraps");
    }
}
