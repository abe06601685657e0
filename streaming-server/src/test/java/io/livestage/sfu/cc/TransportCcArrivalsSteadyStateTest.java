package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Guards transport-cc recording and feedback against per-packet garbage: both run per media packet. */
class TransportCcArrivalsSteadyStateTest {

    private static final int PACKETS = 200_000;
    private static final long MICROS_PER_PACKET = 1000;
    /** Every 64th packet ~ one feedback per 64 ms, inside the 50–100 ms the browser expects. */
    private static final int FEEDBACK_EVERY = 64;
    /** Slack for the measurement itself (the MXBean call). */
    private static final long MAX_BYTES = 1024;

    @Test
    void recordAndFeedbackAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TransportCcArrivals arrivals = new TransportCcArrivals();
        byte[] datagram = new byte[1500];

        long measuredFrom = 0;
        long written = 0;
        for (int i = 0; i < 2 * PACKETS; i++) {
            if (i == PACKETS) {
                measuredFrom = threads.getCurrentThreadAllocatedBytes();
            }
            // 1 in 50 lost, 1 in 30 swapped with its successor: gaps, late fills and negative deltas.
            int seq = i % 30 == 0 ? i + 1 : i % 30 == 1 ? i - 1 : i;
            if (seq % 50 != 7) {
                arrivals.record(seq & 0xFFFF, i * MICROS_PER_PACKET + (i * 37L) % 200);
            }
            if (i % FEEDBACK_EVERY == FEEDBACK_EVERY - 1) {
                int n;
                while ((n = arrivals.writeFeedback(datagram, 0, datagram.length, 1, 2)) > 0) {
                    written += n;
                }
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - measuredFrom;
        assertTrue(allocated < MAX_BYTES, "allocated " + allocated + " bytes over " + PACKETS + " packets");
        assertTrue(written > 0 && arrivals.feedbackPackets() >= 2 * PACKETS / FEEDBACK_EVERY);
    }
}
