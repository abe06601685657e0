package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Guards numbering and feedback against per-packet garbage: both run for every packet sent. */
class TransportWideSenderSteadyStateTest {

    private static final int ROUNDS = 20_000;
    private static final int PACKETS_PER_FEEDBACK = 50;
    private static final long SEND_INTERVAL_MICROS = 1_000;
    /** Slack for the measurement itself (the MXBean call). */
    private static final long MAX_BYTES = 1024;

    @Test
    void nextAndOnFeedbackAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TransportWideSender sender = new TransportWideSender();
        TransportWideFeedbackEncoder encoder = new TransportWideFeedbackEncoder();
        long clockMicros = 0;

        long measuredFrom = 0;
        for (int round = 0; round < 2 * ROUNDS; round++) {
            if (round == ROUNDS) {
                measuredFrom = threads.getCurrentThreadAllocatedBytes();
            }
            long firstSentMicros = clockMicros;
            encoder.start(sender.next(1200, clockMicros));
            for (int i = 1; i < PACKETS_PER_FEEDBACK; i++) {
                clockMicros += SEND_INTERVAL_MICROS;
                sender.next(1200, clockMicros);
            }
            for (int i = 0; i < PACKETS_PER_FEEDBACK; i++) {
                if (i == 17) {
                    encoder.lost();
                } else {
                    encoder.received(firstSentMicros + i * SEND_INTERVAL_MICROS + 30_000);
                }
            }
            clockMicros += SEND_INTERVAL_MICROS;
            sender.onFeedback(encoder.feedback(), clockMicros);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - measuredFrom;
        assertTrue(allocated < MAX_BYTES, "allocated " + allocated + " bytes over " + ROUNDS + " feedback packets");
        DeliveryStatistics stats = sender.statistics();
        assertEquals(2L * ROUNDS * PACKETS_PER_FEEDBACK, stats.packetsReported());
        assertEquals(2L * ROUNDS, stats.packetsLost());
    }
}
