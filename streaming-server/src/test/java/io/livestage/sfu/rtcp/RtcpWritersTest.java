package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import io.livestage.sfu.rtp.RtpReceiveStats;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpWritersTest {

    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    private static String written(byte[] dst, int off, int len) {
        return Hex.of(dst, off, len);
    }

    @Test
    void senderReportMatchesTheFixture() {
        byte[] dst = new byte[64];
        int n = RtcpReportWriter.writeSenderReport(dst, 0, 0x11223344L, 0xe1a2b3c4d5e6f708L, 12345678L, 100, 10000, 1);
        n += RtcpReportWriter.writeReportBlock(dst, n, 0x55667788L, 25, -2, 65546, 32, 0xa2b3c4d5L, 0x10000);
        assertEquals(52, n);
        assertArrayEquals(Hex.bytes(RtcpFixtures.SR), Arrays.copyOf(dst, n));
    }

    @Test
    void receiverReportMatchesTheFixture() {
        byte[] dst = new byte[100];
        int off = 10;
        int n = RtcpReportWriter.writeReceiverReport(dst, off, 0x11223344L, 2);
        n += RtcpReportWriter.writeReportBlock(dst, off + n, 0x55667788L, 0, 0, 5, 0, 0, 0);
        n += RtcpReportWriter.writeReportBlock(dst, off + n, 0x99aabbccL, 300, 0x12345678, 0xffffffffL, 4096,
                0x12345678L, 0x20000);
        assertEquals(56, n);
        assertEquals(RtcpFixtures.RR.replace(" ", ""), written(dst, off, n), "fraction and loss are clamped");
    }

    @Test
    void reportBlockFromReceiveStats() {
        RtpReceiveStats stats = new RtpReceiveStats();
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 != 3) {
                stats.onPacket(seq, seq * 3000L, 1200, seq * 3000L);
            }
        }
        byte[] dst = new byte[32];
        int n = RtcpReportWriter.writeReceiverReport(dst, 0, 1, 1);
        n += RtcpReportWriter.writeReportBlock(dst, n, 0xabcdL, stats, 0x1111L, 0x2222L);
        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.RECEIVER_REPORT, reader.next());
        ReceiverReport rr = reader.receiverReport();
        assertEquals(0xabcdL, rr.blockSsrc(0));
        // 0..98 expected (99 was never seen), 3, 7, ... 95 lost: 24 of 99.
        assertEquals((24 << 8) / 99, rr.blockFractionLost(0));
        assertEquals(24, rr.blockCumulativeLost(0));
        assertEquals(98, rr.blockExtendedHighestSequence(0));
        assertEquals(0x1111L, rr.blockLastSenderReport(0));
        assertEquals(0x2222L, rr.blockDelaySinceLastSenderReport(0));
    }

    @Test
    void nackPacksRunsIntoPidAndBlp() {
        byte[] dst = new byte[64];
        int[] lost = {100, 101, 103, 65535, 0, 15, 40};
        int n = RtcpFeedbackWriter.writeNack(dst, 0, 0x11223344L, 0x55667788L, lost, lost.length);
        assertEquals(24, n);
        assertEquals("81cd0005" + "11223344" + "55667788" + "00640005" + "ffff8001" + "00280000", written(dst, 0, n));

        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.NACK, reader.next());
        int[] back = new int[16];
        assertEquals(7, reader.nack().lostSequenceNumbers(back));
        assertArrayEquals(lost, Arrays.copyOf(back, 7));
    }

    @Test
    void nackOfTheFixtureRoundTrips() {
        byte[] dst = new byte[32];
        int[] lost = {100, 101, 103, 65535, 0, 15, 99};
        assertEquals(20, RtcpFeedbackWriter.writeNack(dst, 0, 0x11223344L, 0x55667788L, lost, 6));
        assertEquals(RtcpFixtures.NACK.replace(" ", ""), written(dst, 0, 20));
    }

    @Test
    void pliAndFirMatchTheFixtures() {
        byte[] dst = new byte[32];
        assertEquals(12, RtcpFeedbackWriter.writePli(dst, 0, 0x11223344L, 0x55667788L));
        assertEquals(RtcpFixtures.PLI.replace(" ", ""), written(dst, 0, 12));
        Arrays.fill(dst, (byte) 0xee);
        assertEquals(20, RtcpFeedbackWriter.writeFir(dst, 0, 0x11223344L, 0x55667788L, 7));
        assertEquals(RtcpFixtures.FIR.replace(" ", ""), written(dst, 0, 20));
    }

    @Test
    void rembCarriesTheBitrateInEighteenBits() {
        byte[] dst = new byte[32];
        int n = RtcpFeedbackWriter.writeRemb(dst, 0, 0x11223344L, 1_500_000, new long[] {0x55667788L, 0x99aabbccL}, 1);
        // 1,500,000 needs 21 bits: exponent 3, mantissa 187500 = 0x2dc6c; 3 << 18 | 0x2dc6c = 0x0edc6c.
        // (The REMB fixture says the same bitrate as 93750 << 4.)
        assertEquals(24, n);
        assertEquals("8fce0005" + "11223344" + "00000000" + "52454d42" + "01" + "0edc6c" + "55667788",
                written(dst, 0, n));
        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.REMB, reader.next());
        assertEquals(1_500_000, reader.remb().bitrate());
        assertEquals(1, reader.remb().ssrcCount());
        assertEquals(0x55667788L, reader.remb().ssrc(0));
        assertEquals(0, reader.remb().mediaSsrc());
    }

    @Test
    void rembRoundsTheBitrateDownToWhatTheMantissaHolds() {
        long[] ssrcs = {1, 2, 3};
        byte[] dst = new byte[64];
        long[] bitrates = {0, 1, 262_143, 262_144, 262_145, 2_500_001, 123_456_789_012L, Long.MAX_VALUE};
        for (long bitrate : bitrates) {
            int n = RtcpFeedbackWriter.writeRemb(dst, 0, 9, bitrate, ssrcs, 3);
            assertEquals(32, n);
            assertTrue(reader.wrap(dst, 0, n));
            assertEquals(RtcpKind.REMB, reader.next());
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(bitrate) - 18);
            assertEquals(bitrate >>> shift << shift, reader.remb().bitrate(), "bitrate " + bitrate);
            assertEquals(3, reader.remb().ssrc(2));
        }
    }

    @Test
    void refusesWhenThereIsNoRoomAndWritesNothing() {
        byte[] dst = new byte[19];
        assertEquals(-1, RtcpFeedbackWriter.writeFir(dst, 0, 1, 2, 3));
        assertEquals(-1, RtcpFeedbackWriter.writePli(dst, 8, 1, 2));
        assertEquals(-1, RtcpFeedbackWriter.writeNack(dst, 0, 1, 2, new int[] {1, 40}, 2));
        assertEquals(-1, RtcpFeedbackWriter.writeNack(dst, 0, 1, 2, new int[] {1}, 0));
        assertEquals(-1, RtcpFeedbackWriter.writeRemb(dst, 0, 1, 1000, new long[] {1}, 1));
        assertEquals(-1, RtcpFeedbackWriter.writeRemb(new byte[64], 0, 1, 1000, new long[] {1}, 0));
        assertEquals(-1, RtcpFeedbackWriter.writeRemb(new byte[64], 0, 1, -1, new long[] {1}, 1));
        assertEquals(-1, RtcpReportWriter.writeReceiverReport(dst, 0, 1, 1));
        assertEquals(-1, RtcpReportWriter.writeReceiverReport(new byte[1000], 0, 1, 32));
        assertEquals(-1, RtcpReportWriter.writeSenderReport(dst, 0, 1, 2, 3, 4, 5, 0));
        assertEquals(-1, RtcpReportWriter.writeReportBlock(dst, 0, 1, 0, 0, 0, 0, 0, 0));
        assertArrayEquals(new byte[19], dst);
    }
}
