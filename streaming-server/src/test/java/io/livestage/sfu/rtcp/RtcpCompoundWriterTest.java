package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import io.livestage.sfu.rtp.RtpReceiveStats;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtcpCompoundWriterTest {

    private static final long MS = 1_000_000L;
    private static final long SERVER_SSRC = 0x0a0b0c0dL;
    private static final byte[] CNAME = "sfu".getBytes(StandardCharsets.US_ASCII);
    private static final String SDES = "81ca0003 0a0b0c0d 0103 736675 000000";

    private final RtcpCompoundWriter writer = new RtcpCompoundWriter();
    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    /** Sequence numbers 0..9 without 5, arriving evenly: one lost of ten, no jitter. */
    private static RtpReceiveStats statsWithOneLoss() {
        RtpReceiveStats stats = new RtpReceiveStats();
        for (int seq = 0; seq < 10; seq++) {
            if (seq != 5) {
                stats.onPacket(seq, seq * 960L, 200, seq * 960L);
            }
        }
        return stats;
    }

    @Test
    void receiverReportToAPublisher() {
        ReceivedSenderReport last = new ReceivedSenderReport();
        last.record(0xe1a2b3c4_d5e6f708L, 12345678, 1_000 * MS);
        byte[] dst = new byte[80];
        writer.begin(dst, 4);
        writer.receiverReport(SERVER_SSRC, 1);
        writer.reportBlock(0x55667788L, statsWithOneLoss(), last, 1_500 * MS);
        writer.sdesCname(SERVER_SSRC, CNAME);
        int n = writer.finish();
        assertEquals(48, n);
        String expected = "81c90007 0a0b0c0d"
                + " 55667788 19 000001 00000009 00000000" // 25/256 lost, 1 in all, highest 9, jitter 0
                + " b3c4d5e6 00008000" // LSR, and DLSR half a second
                + SDES;
        assertEquals(expected.replace(" ", ""), Hex.of(dst, 4, n));

        assertTrue(reader.wrap(dst, 4, n));
        assertEquals(RtcpKind.RECEIVER_REPORT, reader.next());
        ReceiverReport rr = reader.receiverReport();
        assertEquals(SERVER_SSRC, rr.senderSsrc());
        assertEquals(0xb3c4d5e6L, rr.blockLastSenderReport(0));
        assertEquals(0x8000, rr.blockDelaySinceLastSenderReport(0));
        assertEquals(RtcpKind.SDES, reader.next());
        assertTrue(reader.sdes().nextChunk());
        assertEquals("sfu", reader.sdes().cname());
        assertEquals(RtcpKind.END, reader.next());
    }

    @Test
    void receiverReportBeforeAnySenderReportEchoesZeros() {
        byte[] dst = new byte[80];
        writer.begin(dst, 0);
        writer.receiverReport(SERVER_SSRC, 2);
        writer.reportBlock(1, statsWithOneLoss(), new ReceivedSenderReport(), 0);
        writer.reportBlock(2, new RtpReceiveStats(), new ReceivedSenderReport(), 0);
        writer.sdesCname(SERVER_SSRC, CNAME);
        int n = writer.finish();
        assertEquals(8 + 48 + 16, n);
        assertEquals("82c9000d", Hex.of(dst, 0, 4));
        assertEquals("00000000" + "00000000", Hex.of(dst, 8 + 16, 8), "LSR and DLSR of the first block");
        assertEquals("00000002" + "00" + "000000" + "00000000", Hex.of(dst, 32, 12), "a stream with no packets yet");
    }

    @Test
    void senderReportToASubscriber() {
        ReceivedSenderReport publisher = new ReceivedSenderReport();
        publisher.record((3_900_000_000L << 32) | 0x8000_0000L, 1_000_000, 0);
        long ourNtp = (3_900_000_002L << 32) | 0xc000_0000L;
        long rtp = publisher.rtpTimestampAt(ourNtp, 90_000);
        byte[] dst = new byte[64];
        writer.begin(dst, 0);
        writer.senderReport(0x01020304L, ourNtp, rtp, 1000, 1_100_000, 0);
        writer.sdesCname(0x01020304L, CNAME);
        int n = writer.finish();
        assertEquals(44, n);
        String expected = "80c80006 01020304"
                + " e8754702 c0000000" // our NTP time, 3900000002.75 s
                + " 00125944" // 1000000 + 2.25 s at 90 kHz
                + " 000003e8 0010c8e0" // 1000 packets, 1100000 payload octets
                + " 81ca0003 01020304 0103 736675 000000";
        assertEquals(expected.replace(" ", ""), Hex.of(dst, 0, n));

        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.SENDER_REPORT, reader.next());
        assertEquals(ourNtp, reader.senderReport().ntpTimestamp());
        assertEquals(1_202_500, reader.senderReport().rtpTimestamp());
        assertEquals(RtcpKind.SDES, reader.next());
    }

    @Test
    void failsRatherThanWritingABrokenCompound() {
        byte[] dst = new byte[80];
        RtpReceiveStats stats = new RtpReceiveStats();
        ReceivedSenderReport none = new ReceivedSenderReport();

        writer.begin(dst, 0);
        writer.sdesCname(SERVER_SSRC, CNAME);
        assertEquals(-1, writer.finish(), "SDES before any report");

        writer.begin(dst, 0);
        writer.receiverReport(SERVER_SSRC, 2);
        writer.reportBlock(1, stats, none, 0);
        writer.sdesCname(SERVER_SSRC, CNAME);
        assertEquals(-1, writer.finish(), "a block short");

        writer.begin(dst, 0);
        writer.receiverReport(SERVER_SSRC, 0);
        writer.reportBlock(1, stats, none, 0);
        assertEquals(-1, writer.finish(), "a block too many");

        writer.begin(dst, 0);
        writer.receiverReport(SERVER_SSRC, 0);
        assertEquals(-1, writer.finish(), "no CNAME");

        writer.begin(new byte[20], 0);
        writer.receiverReport(SERVER_SSRC, 0);
        writer.sdesCname(SERVER_SSRC, CNAME);
        assertEquals(-1, writer.finish(), "no room");

        assertEquals(-1, writer.finish(), "finish ends the packet");
    }
}
