package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated input must never throw or read outside the wrapped range. */
class RtcpFuzzTest {

    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final int[] lost = new int[64];

    @Test
    void mutatedFixturesNeverThrow() {
        byte[] valid = Hex.bytes(RtcpFixtures.SR + RtcpFixtures.RR + RtcpFixtures.SDES_TWO_CHUNKS + RtcpFixtures.BYE_WITH_REASON
                + RtcpFixtures.NACK + RtcpFixtures.PLI + RtcpFixtures.FIR + RtcpFixtures.REMB + RtcpFixtures.TRANSPORT_CC);
        Random random = new Random(42);
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
            }
            // Surround the range with bytes that must not be read.
            byte[] framed = new byte[buf.length + 8];
            System.arraycopy(buf, 0, framed, 4, buf.length);
            int len = random.nextInt(4) == 0 ? random.nextInt(buf.length) : buf.length;
            if (reader.wrap(framed, 4, len)) {
                accepted++;
                readEverything(4, len);
            }
        }
        assertTrue(accepted > 1000, "fuzzing should exercise the typed views: " + accepted);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = new byte[4 + random.nextInt(120)];
            random.nextBytes(buf);
            buf[0] = (byte) (0x80 | (buf[0] & 0x3F));
            buf[1] = (byte) (200 + random.nextInt(7));
            buf[2] = 0;
            buf[3] = (byte) ((buf.length / 4) - 1);
            if (reader.wrap(buf, 0, buf.length)) {
                readEverything(0, buf.length);
            }
        }
    }

    private void readEverything(int start, int len) {
        for (RtcpKind kind = reader.next(); kind != RtcpKind.END; kind = reader.next()) {
            assertTrue(reader.packetOffset() >= start && reader.packetOffset() + reader.packetLength() <= start + len);
            switch (kind) {
                case SENDER_REPORT -> readBlocks(reader.senderReport());
                case RECEIVER_REPORT -> readBlocks(reader.receiverReport());
                case SDES -> {
                    SdesPacket sdes = reader.sdes();
                    while (sdes.nextChunk()) {
                        sdes.cname();
                    }
                }
                case BYE -> {
                    for (int i = 0; i < reader.bye().ssrcCount(); i++) {
                        reader.bye().ssrc(i);
                    }
                }
                case NACK -> reader.nack().lostSequenceNumbers(lost);
                case FIR -> {
                    for (int i = 0; i < reader.fir().entryCount(); i++) {
                        reader.fir().entrySsrc(i);
                    }
                }
                case REMB -> {
                    reader.remb().bitrate();
                    for (int i = 0; i < reader.remb().ssrcCount(); i++) {
                        reader.remb().ssrc(i);
                    }
                }
                case TRANSPORT_CC -> {
                    for (int i = 0; i < reader.transportCc().packetStatusCount(); i++) {
                        reader.transportCc().deltaTicks(i);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void readBlocks(RtcpReportPacket report) {
        for (int i = 0; i < report.reportBlockCount(); i++) {
            report.blockDelaySinceLastSenderReport(i);
        }
    }
}
