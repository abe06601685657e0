package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackWriterTest {

    /** Sender 0x11223344, media 0x55667788. */
    private static final String SSRCS = "11223344 55667788";

    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(1200);
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final byte[] dst = new byte[1500];

    private String written() {
        Arrays.fill(dst, (byte) 0xee);
        int n = writer.write(dst, 0, 0x11223344L, 0x55667788L);
        assertEquals(writer.length(), n);
        return Hex.of(dst, 0, n);
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }

    private TransportCcFeedback parsed(int length) {
        assertTrue(reader.wrap(dst, 0, length));
        assertEquals(RtcpKind.TRANSPORT_CC, reader.next());
        return reader.transportCc();
    }

    @Test
    void runLengthChunkOfTheDraftExample() {
        // Draft section 3.1.3, example 1: |0|01|0000011011101| = T=run, S=small delta, 221 → 0x20dd.
        writer.begin(1000, 0x000102, 7, 1200);
        for (int i = 0; i < 221; i++) {
            assertTrue(writer.addReceived(1));
        }
        // 20 header + 2 chunk + 221 deltas = 243, padded to 244 = 61 words: length 60 (0x3c).
        String expected = "8fcd003c " + SSRCS + " 03e8 00dd 000102 07 20dd " + "01".repeat(221) + " 00";
        assertEquals(hex(expected), written());
    }

    @Test
    void oneBitVectorOfTheDraftExample() {
        // Draft section 3.1.4, example 1: |1|0|0 1 1 1 1 1 0 0 0 1 1 1 0 0| → 1001 1111 0001 1100 = 0x9f1c.
        writer.begin(1000, 0x000102, 7, 1200);
        String statuses = "01111100011100";
        int delta = 1;
        for (char c : statuses.toCharArray()) {
            assertTrue(c == '1' ? writer.addReceived(delta++) : writer.addNotReceived());
        }
        // 20 + 2 + 8 small deltas = 30, padded to 32: length 7; the padding is zero bytes, P stays 0.
        String expected = "8fcd0007 " + SSRCS + " 03e8 000e 000102 07 9f1c 0102030405060708 0000";
        assertEquals(hex(expected), written());
    }

    @Test
    void twoBitVectorOfTheDraftExample() {
        // Draft section 3.1.4, example 2: |1|1|00 01 10 00 00 00 00| (not received, small delta,
        // large or negative delta, 4 × not received) → 1100 0110 0000 0000 = 0xc600.
        writer.begin(1000, 0x000102, 7, 1200);
        assertTrue(writer.addNotReceived());
        assertTrue(writer.addReceived(0x10));
        assertTrue(writer.addReceived(-4));
        for (int i = 0; i < 4; i++) {
            assertTrue(writer.addNotReceived());
        }
        // 20 + 2 + 1 + 2 = 25, padded to 28: length 6; -4 ticks as 16-bit two's complement is fffc.
        String expected = "8fcd0006 " + SSRCS + " 03e8 0007 000102 07 c600 10 fffc 000000";
        assertEquals(hex(expected), written());
    }

    @Test
    void nineThousandLostNeedTwoRuns() {
        writer.begin(0, 0, 0, 1200);
        for (int i = 0; i < 9000; i++) {
            assertTrue(writer.addNotReceived());
        }
        assertTrue(writer.addReceived(5));
        // Runs hold 8191 (0x1fff): not received × 8191, × 809 (0x0329), then small delta × 1 (0x2001).
        // 9001 = 0x2329 statuses; 20 + 6 + 1 = 27, padded to 28: length 6.
        String expected = "8fcd0006 " + SSRCS + " 0000 2329 000000 00 1fff 0329 2001 05 00";
        assertEquals(hex(expected), written());
        TransportCcFeedback feedback = parsed(28);
        assertEquals(9001, feedback.packetStatusCount());
        assertFalse(feedback.isReceived(8999));
        assertEquals(5, feedback.deltaTicks(9000));
    }

    @Test
    void deltasOutsideOneByteAreLargeAndOutsideSixteenBitsRefused() {
        writer.begin(65534, 0, 0, 1200);
        assertTrue(writer.addReceived(255));
        assertTrue(writer.addReceived(256));
        assertTrue(writer.addReceived(-1));
        assertTrue(writer.addReceived(Short.MAX_VALUE));
        assertTrue(writer.addReceived(Short.MIN_VALUE));
        assertFalse(writer.addReceived(Short.MAX_VALUE + 1));
        assertFalse(writer.addReceived(Short.MIN_VALUE - 1));
        // small, then four large: |1|1|01 10 10 10 10 00 00| = 1101 1010 1010 0000 = 0xdaa0 (unused slots 0).
        String expected = "8fcd0007 " + SSRCS + " fffe 0005 000000 00 daa0 ff 0100 ffff 7fff 8000 00";
        assertEquals(hex(expected), written());
        TransportCcFeedback feedback = parsed(32);
        assertEquals(1, feedback.sequenceNumber(3));
        assertEquals(-32768, feedback.deltaTicks(4));
    }

    @Test
    void referenceTimeAndFeedbackCountKeepTheirLowBits() {
        writer.begin(1, 0x1234567, 0x1ff, 1200);
        writer.addReceived(0);
        written();
        TransportCcFeedback feedback = parsed(writer.length());
        assertEquals(0x234567, feedback.referenceTime());
        assertEquals(0xff, feedback.feedbackPacketCount());

        writer.begin(1, -1, 0, 1200);
        writer.addReceived(0);
        written();
        assertEquals(-1, parsed(writer.length()).referenceTime(), "the wire holds -1 mod 2^24");
    }

    @Test
    void theExistingFixtureRoundTrips() {
        byte[] fixtureBytes = Hex.bytes(RtcpFixtures.TRANSPORT_CC);
        assertTrue(reader.wrap(fixtureBytes, 0, fixtureBytes.length));
        reader.next();
        TransportCcFeedback fixture = reader.transportCc();
        int count = fixture.packetStatusCount();
        int[] statuses = new int[count];
        int[] deltas = new int[count];
        for (int i = 0; i < count; i++) {
            statuses[i] = fixture.status(i);
            deltas[i] = fixture.deltaTicks(i);
        }
        writer.begin(fixture.baseSequenceNumber(), fixture.referenceTime(), fixture.feedbackPacketCount(), 1200);
        for (int i = 0; i < count; i++) {
            boolean received = statuses[i] != TransportCcFeedback.NOT_RECEIVED;
            assertTrue(received ? writer.addReceived(deltas[i]) : writer.addNotReceived());
        }
        written();
        TransportCcFeedback back = parsed(writer.length());
        assertEquals(1000, back.baseSequenceNumber());
        assertEquals(0x000102, back.referenceTime());
        assertEquals(7, back.feedbackPacketCount());
        assertEquals(count, back.packetStatusCount());
        for (int i = 0; i < count; i++) {
            assertEquals(statuses[i], back.status(i), "status " + i);
            assertEquals(deltas[i], back.deltaTicks(i), "delta " + i);
        }
    }

    @Test
    void randomStatusesRoundTripWithinTheLimit() {
        Random random = new Random(42);
        int[] statuses = new int[0x10000];
        int[] deltas = new int[0x10000];
        for (int round = 0; round < 300; round++) {
            int limit = 24 + random.nextInt(1177);
            writer.begin(random.nextInt(65536), random.nextInt(1 << 24), round, limit);
            int n = 0;
            int stretch = 0;
            int symbol = 0;
            while (true) {
                if (stretch == 0) {
                    // Stretches of one symbol, long and short, so runs meet vectors at every offset.
                    stretch = random.nextBoolean() ? 1 + random.nextInt(4) : 1 + random.nextInt(40);
                    symbol = random.nextInt(3);
                }
                stretch--;
                int delta = symbol == 1 ? random.nextInt(256) : symbol == 2 ? -1 - random.nextInt(30000) : 0;
                boolean added = symbol == 0 ? writer.addNotReceived() : writer.addReceived(delta);
                if (!added) {
                    break;
                }
                statuses[n] = symbol;
                deltas[n] = delta;
                n++;
            }
            assertTrue(n > 0);
            assertTrue(writer.length() <= limit, "length " + writer.length() + " over " + limit);
            assertTrue(writer.length() > limit - 8, "refuses only near the limit");
            written();
            TransportCcFeedback back = parsed(writer.length());
            assertEquals(n, back.packetStatusCount());
            for (int i = 0; i < n; i++) {
                assertEquals(statuses[i], back.status(i), "round " + round + " status " + i);
                assertEquals(deltas[i], back.deltaTicks(i), "round " + round + " delta " + i);
            }
        }
    }

    @Test
    void writesNothingWithoutStatusesOrRoom() {
        writer.begin(1, 0, 0, 1200);
        assertEquals(-1, writer.write(dst, 0, 1, 2));
        writer.addReceived(1);
        byte[] small = new byte[27];
        assertEquals(-1, writer.write(small, 4, 1, 2));
        assertArrayEquals(new byte[27], small);
        assertEquals(24, writer.write(small, 3, 1, 2));

        writer.begin(1, 0, 0, TransportCcFeedbackWriter.MIN_LENGTH - 1);
        assertFalse(writer.addNotReceived());
        assertEquals(0, writer.statusCount());
    }
}
