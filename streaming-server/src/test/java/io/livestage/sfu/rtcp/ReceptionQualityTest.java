package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import org.junit.jupiter.api.Test;

class ReceptionQualityTest {

    @Test
    void lossAndRoundTripFromTheBlocksOfAReceivedReport() {
        byte[] rr = Hex.bytes(RtcpFixtures.RR);
        RtcpCompoundReader reader = new RtcpCompoundReader();
        assertTrue(reader.wrap(rr, 0, rr.length));
        assertEquals(RtcpKind.RECEIVER_REPORT, reader.next());
        // Block 1 echoes LSR 0x12345678 held 2 s; arriving 125 ms after that makes the round trip.
        long arrivalNtp = (0x12345678L + 0x20000 + 0x2000) << 16;
        ReceptionQuality quality = new ReceptionQuality();

        quality.onReportBlock(reader.receiverReport(), 0, arrivalNtp);
        assertEquals(0, quality.latestFractionLost());
        assertEquals(-1, quality.roundTripTime().latestNanos(), "block 0 has no LSR yet");

        quality.onReportBlock(reader.receiverReport(), 1, arrivalNtp);
        assertEquals(255, quality.latestFractionLost());
        assertEquals(0.12451171875, quality.smoothedLossRatio(), "0 then 255/256, with a gain of 1/8");
        assertEquals(125_000_000L, quality.roundTripTime().latestNanos());
        assertEquals(2, quality.reportBlocks());
    }

    @Test
    void nothingBeforeTheFirstBlock() {
        ReceptionQuality quality = new ReceptionQuality();
        assertEquals(0, quality.smoothedLossRatio());
        assertEquals(-1, quality.roundTripTime().smoothedNanos());
    }
}
