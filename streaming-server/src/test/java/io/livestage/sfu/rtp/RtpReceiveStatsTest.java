package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpReceiveStatsTest {

    private final RtpReceiveStats stats = new RtpReceiveStats();

    private void receive(int seq) {
        stats.onPacket(seq & 0xFFFF, seq * 960L, 100, seq * 960L + 5000);
    }

    @Test
    void countsAnInOrderStream() {
        for (int seq = 1000; seq < 1100; seq++) {
            receive(seq);
        }
        assertEquals(100, stats.packets());
        assertEquals(10_000, stats.bytes());
        assertEquals(1099, stats.extendedHighestSequence());
        assertEquals(100, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(0, stats.closeReportInterval());
        assertEquals(0, stats.jitter());
    }

    @Test
    void extendsTheSequenceAcrossWraparound() {
        for (int seq = 65500; seq < 65536; seq++) {
            receive(seq);
        }
        for (int seq = 10; seq < 50; seq++) {
            receive(seq);
        }
        assertEquals(65536 + 49, stats.extendedHighestSequence());
        assertEquals(36 + 50, stats.expected());
        assertEquals(10, stats.cumulativeLost());
    }

    @Test
    void reportsFractionLostPerInterval() {
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 10 != 5) {
                receive(seq);
            }
        }
        assertEquals(10, stats.cumulativeLost());
        assertEquals(10 * 256 / 100, stats.closeReportInterval());
        for (int seq = 100; seq < 150; seq++) {
            receive(seq);
        }
        assertEquals(0, stats.closeReportInterval());
        assertEquals(10, stats.cumulativeLost());
        for (int seq = 150; seq < 200; seq += 2) {
            receive(seq);
        }
        // 49 expected (150..198), 25 received.
        assertEquals((24 << 8) / 49, stats.closeReportInterval());
    }

    @Test
    void reorderedPacketsAreNotLoss() {
        int[] order = {0, 1, 3, 2, 4, 6, 5};
        for (int seq : order) {
            receive(seq);
        }
        assertEquals(6, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void duplicatesMakeLossNegative() {
        receive(7);
        receive(8);
        receive(8);
        assertEquals(-1, stats.cumulativeLost());
        assertEquals(0, stats.closeReportInterval());
    }

    @Test
    void aBigJumpRestartsOnlyWhenConfirmed() {
        for (int seq = 0; seq < 10; seq++) {
            receive(seq);
        }
        assertFalse(stats.onPacket(20000, 0, 100, 0));
        assertEquals(9, stats.extendedHighestSequence());
        assertTrue(stats.onPacket(20001, 960, 100, 960));
        assertEquals(20001, stats.extendedHighestSequence());
        // As in RFC 3550 A.1, counting starts afresh at the confirming packet.
        assertEquals(1, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(12, stats.packets());
    }

    @Test
    void aStrayPacketDoesNotDisturbTheStream() {
        for (int seq = 0; seq < 10; seq++) {
            receive(seq);
        }
        assertFalse(stats.onPacket(30000, 0, 100, 0));
        receive(10);
        receive(11);
        assertEquals(11, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void computesInterarrivalJitter() {
        stats.onPacket(1, 0, 100, 1000);
        stats.onPacket(2, 160, 100, 1000 + 160 + 32);
        // J = |D| / 16 = 32 / 16 after one difference.
        assertEquals(2, stats.jitter());

        RtpReceiveStats alternating = new RtpReceiveStats();
        for (int i = 0; i < 500; i++) {
            long ts = i * 160L;
            alternating.onPacket(i, ts, 100, ts + (i % 2 == 0 ? 0 : 160));
        }
        // Every difference is 160, so J converges to 160.
        long jitter = alternating.jitter();
        assertTrue(jitter >= 158 && jitter <= 160, "jitter " + jitter);
    }

    @Test
    void jitterSurvivesTimestampWraparound() {
        long ts = 0xFFFF_FF00L;
        stats.onPacket(1, ts, 100, 50);
        stats.onPacket(2, (ts + 0x200) & 0xFFFF_FFFFL, 100, 50 + 0x200);
        assertEquals(0, stats.jitter());
    }
}
