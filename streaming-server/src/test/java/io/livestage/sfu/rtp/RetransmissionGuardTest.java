package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetransmissionGuardTest {

    private static final long MS = 1_000_000L;

    @Test
    void servesABurstOfNacksForOnePacketOnce() {
        RetransmissionGuard guard = new RetransmissionGuard(16, 80 * MS);
        assertTrue(guard.shouldResend(1000, 0));
        assertFalse(guard.shouldResend(1000, 10 * MS));
        assertFalse(guard.shouldResend(1000, 79 * MS));
        assertTrue(guard.shouldResend(1001, 10 * MS), "another packet is independent");
        assertTrue(guard.shouldResend(1000, 80 * MS), "after the hold-off a repeat means the resend was lost too");
        assertFalse(guard.shouldResend(1000, 100 * MS));
    }

    @Test
    void aCollisionForgetsTheOlderRecordRatherThanWithholding() {
        RetransmissionGuard guard = new RetransmissionGuard(16, 80 * MS);
        assertTrue(guard.shouldResend(5, 0));
        assertTrue(guard.shouldResend(5 + 16, 1 * MS));
        assertTrue(guard.shouldResend(5, 2 * MS), "forgotten, so sent once more");
    }

    @Test
    void sequenceNumbersAreSixteenBit() {
        RetransmissionGuard guard = new RetransmissionGuard();
        assertTrue(guard.shouldResend(65535, 0));
        assertFalse(guard.shouldResend(-1, 1), "same 16-bit number");
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionGuard(12, MS));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionGuard(16, -1));
    }
}
