package io.livestage.sfu.rtcp;

import static io.livestage.sfu.rtcp.RtcpFixtures.BYE;
import static io.livestage.sfu.rtcp.RtcpFixtures.BYE_WITH_REASON;
import static io.livestage.sfu.rtcp.RtcpFixtures.FIR;
import static io.livestage.sfu.rtcp.RtcpFixtures.NACK;
import static io.livestage.sfu.rtcp.RtcpFixtures.PLI;
import static io.livestage.sfu.rtcp.RtcpFixtures.REMB;
import static io.livestage.sfu.rtcp.RtcpFixtures.RR;
import static io.livestage.sfu.rtcp.RtcpFixtures.SDES;
import static io.livestage.sfu.rtcp.RtcpFixtures.SDES_TWO_CHUNKS;
import static io.livestage.sfu.rtcp.RtcpFixtures.SR;
import static io.livestage.sfu.rtcp.RtcpFixtures.TRANSPORT_CC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import org.junit.jupiter.api.Test;

class RtcpCompoundReaderTest {

    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    private RtcpKind only(String hex) {
        byte[] buf = Hex.bytes(hex);
        assertTrue(reader.wrap(buf, 0, buf.length), hex);
        RtcpKind kind = reader.next();
        assertEquals(RtcpKind.END, reader.next());
        return kind;
    }

    @Test
    void transportCcClaimingTensOfThousandsOfPacketsIsRefusedUnread() {
        // 16 bytes of run-length chunks (8 x 8,191 "not received") claim 60,000 packets; reading them
        // would cost a loop of 60,000 for a 36-byte datagram.
        byte[] claim = Hex.bytes("8fcd0008 11223344 55667788 0000ea60 00000000"
                + " 1fff 1fff 1fff 1fff 1fff 1fff 1fff 1fff");
        RtcpCompoundReader reader = new RtcpCompoundReader();
        assertTrue(reader.wrap(claim, 0, claim.length));
        assertEquals(RtcpKind.MALFORMED, reader.next());

        byte[] modest = Hex.bytes("8fcd0006 11223344 55667788 00004000 00000000 1fff 1fff 0002 0000");
        assertTrue(reader.wrap(modest, 0, modest.length));
        assertEquals(RtcpKind.TRANSPORT_CC, reader.next(), "16,384 packets are still read");
        assertEquals(16_384, reader.transportCc().packetStatusCount());
    }

    @Test
    void senderReport() {
        assertEquals(RtcpKind.SENDER_REPORT, only(SR));
        SenderReport sr = reader.senderReport();
        assertEquals(0x11223344L, sr.senderSsrc());
        assertEquals(0xe1a2b3c4d5e6f708L, sr.ntpTimestamp());
        assertEquals(0xb3c4d5e6L, sr.compactNtpTimestamp());
        assertEquals(12345678L, sr.rtpTimestamp());
        assertEquals(100, sr.senderPacketCount());
        assertEquals(10000, sr.senderOctetCount());
        assertEquals(1, sr.reportBlockCount());
        assertEquals(0x55667788L, sr.blockSsrc(0));
        assertEquals(25, sr.blockFractionLost(0));
        assertEquals(-2, sr.blockCumulativeLost(0));
        assertEquals(65546, sr.blockExtendedHighestSequence(0));
        assertEquals(32, sr.blockJitter(0));
        assertEquals(0xa2b3c4d5L, sr.blockLastSenderReport(0));
        assertEquals(65536, sr.blockDelaySinceLastSenderReport(0));
    }

    @Test
    void receiverReport() {
        assertEquals(RtcpKind.RECEIVER_REPORT, only(RR));
        ReceiverReport rr = reader.receiverReport();
        assertEquals(0x11223344L, rr.senderSsrc());
        assertEquals(2, rr.reportBlockCount());
        assertEquals(5, rr.blockExtendedHighestSequence(0));
        assertEquals(0x99aabbccL, rr.blockSsrc(1));
        assertEquals(255, rr.blockFractionLost(1));
        assertEquals(0x7fffff, rr.blockCumulativeLost(1));
        assertEquals(0xffffffffL, rr.blockExtendedHighestSequence(1));
        assertEquals(4096, rr.blockJitter(1));
        assertEquals(0x12345678L, rr.blockLastSenderReport(1));
        assertEquals(0x20000L, rr.blockDelaySinceLastSenderReport(1));
    }

    @Test
    void sdesCname() {
        assertEquals(RtcpKind.SDES, only(SDES));
        SdesPacket sdes = reader.sdes();
        assertEquals(1, sdes.chunkCount());
        assertTrue(sdes.nextChunk());
        assertEquals(0x11223344L, sdes.chunkSsrc());
        assertEquals(10, sdes.cnameOffset());
        assertEquals(16, sdes.cnameLength());
        assertEquals("abcdefghijklmnop", sdes.cname());
        assertFalse(sdes.nextChunk());
    }

    @Test
    void sdesWithSeveralChunksAndItems() {
        assertEquals(RtcpKind.SDES, only(SDES_TWO_CHUNKS));
        SdesPacket sdes = reader.sdes();
        assertTrue(sdes.nextChunk());
        assertEquals("ab", sdes.cname());
        assertTrue(sdes.nextChunk());
        assertEquals(0x55667788L, sdes.chunkSsrc());
        assertNull(sdes.cname());
        assertEquals(-1, sdes.cnameOffset());
        assertFalse(sdes.nextChunk());
        sdes.rewind();
        assertTrue(sdes.nextChunk());
        assertEquals(0x11223344L, sdes.chunkSsrc());
    }

    @Test
    void bye() {
        assertEquals(RtcpKind.BYE, only(BYE));
        assertEquals(1, reader.bye().ssrcCount());
        assertEquals(0x11223344L, reader.bye().ssrc(0));
        assertEquals(-1, reader.bye().reasonOffset());

        assertEquals(RtcpKind.BYE, only(BYE_WITH_REASON));
        ByePacket bye = reader.bye();
        assertEquals(2, bye.ssrcCount());
        assertEquals(0x55667788L, bye.ssrc(1));
        assertEquals(13, bye.reasonOffset());
        assertEquals(4, bye.reasonLength());
    }

    @Test
    void genericNackExpandsPidAndBlp() {
        assertEquals(RtcpKind.NACK, only(NACK));
        GenericNack nack = reader.nack();
        assertEquals(0x11223344L, nack.senderSsrc());
        assertEquals(0x55667788L, nack.mediaSsrc());
        assertEquals(2, nack.entryCount());
        assertEquals(100, nack.packetId(0));
        assertEquals(5, nack.lostBitmask(0));
        assertEquals(6, nack.lostCount());
        int[] lost = new int[10];
        assertEquals(6, nack.lostSequenceNumbers(lost));
        assertArrayEquals(new int[] {100, 101, 103, 65535, 0, 15}, java.util.Arrays.copyOf(lost, 6));
        int[] small = new int[4];
        assertEquals(4, nack.lostSequenceNumbers(small));
        assertArrayEquals(new int[] {100, 101, 103, 65535}, small);
    }

    @Test
    void pliAndFir() {
        assertEquals(RtcpKind.PLI, only(PLI));
        assertEquals(0x11223344L, reader.pli().senderSsrc());
        assertEquals(0x55667788L, reader.pli().mediaSsrc());

        assertEquals(RtcpKind.FIR, only(FIR));
        FullIntraRequest fir = reader.fir();
        assertEquals(1, fir.entryCount());
        assertEquals(0x55667788L, fir.entrySsrc(0));
        assertEquals(7, fir.entrySequenceNumber(0));
    }

    @Test
    void remb() {
        assertEquals(RtcpKind.REMB, only(REMB));
        Remb remb = reader.remb();
        assertEquals(1_500_000L, remb.bitrate());
        assertEquals(1, remb.ssrcCount());
        assertEquals(0x55667788L, remb.ssrc(0));
        // Other application-layer feedback is not REMB.
        assertEquals(RtcpKind.OTHER, only("8fce0003 11223344 00000000 41424344"));
        // Exponent 63 cannot fit a long.
        assertEquals(RtcpKind.REMB, only("8fce0005 11223344 00000000 52454d42 01 ffffff 55667788"));
        assertEquals(Long.MAX_VALUE, reader.remb().bitrate());
    }

    @Test
    void transportCcDecodesChunksAndDeltas() {
        assertEquals(RtcpKind.TRANSPORT_CC, only(TRANSPORT_CC));
        TransportCcFeedback tcc = reader.transportCc();
        assertEquals(0x55667788L, tcc.mediaSsrc());
        assertEquals(1000, tcc.baseSequenceNumber());
        assertEquals(20, tcc.packetStatusCount());
        assertEquals(258, tcc.referenceTime());
        assertEquals(258 * 64_000L, tcc.referenceTimeMicros());
        assertEquals(7, tcc.feedbackPacketCount());
        int[] statuses = {1, 1, 1, 1, 1, 0, 2, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1};
        int[] deltas = {4, 4, 4, 4, 4, 0, -16, 8, 0, 0, 0, 255, 1, 0, 2, 3, 0, 0, 0, 4};
        for (int i = 0; i < 20; i++) {
            assertEquals(statuses[i], tcc.status(i), "status " + i);
            assertEquals(deltas[i], tcc.deltaTicks(i), "delta " + i);
            assertEquals(statuses[i] != 0, tcc.isReceived(i));
            assertEquals(1000 + i, tcc.sequenceNumber(i));
        }
        assertEquals(-4000, tcc.deltaMicros(6));
    }

    @Test
    void transportCcWithALongRunAndWrappingSequence() {
        // 300 packets from 65500, all received with a small delta of 1 (run-length chunk), padded.
        StringBuilder hex = new StringBuilder("afcd0050 11223344 55667788 ffdc 012c fffffe 00 212c");
        hex.append("01".repeat(300)).append("0002");
        assertEquals(RtcpKind.TRANSPORT_CC, only(hex.toString()));
        TransportCcFeedback tcc = reader.transportCc();
        assertEquals(300, tcc.packetStatusCount());
        assertEquals(-2, tcc.referenceTime());
        assertEquals(65535, tcc.sequenceNumber(35));
        assertEquals(0, tcc.sequenceNumber(36));
        assertEquals(1, tcc.deltaTicks(299));
    }

    @Test
    void compoundPacketsInOrder() {
        byte[] buf = Hex.bytes(SR + SDES + REMB + TRANSPORT_CC + NACK + PLI + FIR + BYE);
        assertTrue(reader.wrap(buf, 0, buf.length));
        assertEquals(RtcpKind.SENDER_REPORT, reader.next());
        assertEquals(0, reader.packetOffset());
        assertEquals(52, reader.packetLength());
        assertEquals(RtcpKind.SDES, reader.next());
        assertEquals("abcdefghijklmnop", reader.sdes().nextChunk() ? reader.sdes().cname() : null);
        assertEquals(RtcpKind.REMB, reader.next());
        assertEquals(RtcpKind.TRANSPORT_CC, reader.next());
        assertEquals(RtcpKind.NACK, reader.next());
        assertEquals(RtcpKind.PLI, reader.next());
        assertEquals(RtcpPacketType.PSFB, reader.packetType());
        assertEquals(RtcpPacketType.FMT_PLI, reader.countOrFormat());
        assertEquals(RtcpKind.FIR, reader.next());
        assertEquals(RtcpKind.BYE, reader.next());
        assertEquals(RtcpKind.END, reader.next());
        assertEquals(RtcpKind.END, reader.next());
    }

    @Test
    void aBrokenCompoundIsRefusedWhole() {
        byte[] buf = Hex.bytes(SR + SDES);
        for (int len = 0; len < buf.length; len++) {
            if (len == 52) {
                continue;
            }
            assertFalse(reader.wrap(buf, 0, len), "cut to " + len);
            assertEquals(RtcpKind.END, reader.next());
        }
        assertFalse(reader.wrap(Hex.bytes("41c80000"), 0, 4), "version 1");
        assertFalse(reader.wrap(Hex.bytes("a1c90001 11223344"), 0, 8), "padding count 0");
        assertFalse(reader.wrap(Hex.bytes("a1c90001 11223309"), 0, 8), "padding beyond the packet");
        assertFalse(reader.wrap(null, 0, 8));
        assertFalse(reader.wrap(buf, 10, buf.length));
    }

    @Test
    void aMalformedBodyIsSkippedAndTheRestStillRead() {
        String nackWithoutFci = "81cd0002 11223344 55667788";
        String srMissingItsBlock = "81c80006 11223344 e1a2b3c4 d5e6f708 00bc614e 00000064 00002710";
        String tccMissingDeltas = "8fcd0005 11223344 55667788 03e8 0005 000000 00 2005 0404";
        String sdesUnterminated = "81ca0002 11223344 0104 6162";
        String byeReasonTooLong = "81cb0002 11223344 09616263";
        String firWithoutEntry = "84ce0002 11223344 00000000";
        String rembMissingSsrc = "8fce0004 11223344 00000000 52454d42 02 116e36";
        byte[] buf = Hex.bytes(nackWithoutFci + srMissingItsBlock + tccMissingDeltas + sdesUnterminated
                + byeReasonTooLong + firWithoutEntry + rembMissingSsrc + PLI);
        assertTrue(reader.wrap(buf, 0, buf.length));
        for (int i = 0; i < 7; i++) {
            assertEquals(RtcpKind.MALFORMED, reader.next(), "packet " + i);
        }
        assertEquals(RtcpKind.PLI, reader.next());
        assertEquals(RtcpKind.END, reader.next());
    }

    @Test
    void unknownTypesAreOther() {
        assertEquals(RtcpKind.OTHER, only("80cc0002 11223344 61626364"));
        assertEquals(RtcpKind.OTHER, only("83cd0002 11223344 55667788"));
        assertEquals(RtcpKind.OTHER, only("80cf0001 11223344"));
    }

    @Test
    void recognisesRtcpOnAMuxedFlow() {
        byte[] sr = Hex.bytes(SR);
        assertTrue(RtcpPacketType.isRtcp(sr, 0, sr.length));
        byte[] rtp = Hex.bytes("80e0 1234 0001e240 deadbeef 00");
        assertFalse(RtcpPacketType.isRtcp(rtp, 0, rtp.length));
        assertFalse(RtcpPacketType.isRtcp(sr, 0, 4));
    }
}
