package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Guards the NACK cache against per-packet garbage once the pool has warmed up. */
class RetransmissionCacheSteadyStateTest {

    private static final int PACKETS = 200_000;
    private static final long NANOS_PER_PACKET = 4_000_000L; // 250 packets a second: ages out too
    /** Slack for the measurement itself (the MXBean call); far below one 1.5 kB buffer for the run. */
    private static final long MAX_BYTES = 1024;

    @Test
    void storeAndLookupAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PacketBufferPool pool = new PacketBufferPool(1024);
        RetransmissionCache cache = new RetransmissionCache(pool, 512, RetransmissionCache.DEFAULT_MAX_AGE_NANOS);
        RetransmissionGuard guard = new RetransmissionGuard();
        RtpPacket view = new RtpPacket();
        byte[] datagram = new byte[1200];
        datagram[0] = (byte) 0x80;
        datagram[1] = 96;

        long measuredFrom = 0;
        long resends = 0;
        for (int i = 0; i < 2 * PACKETS; i++) {
            if (i == PACKETS) {
                measuredFrom = threads.getCurrentThreadAllocatedBytes();
            }
            NetworkOrder.putUint16(datagram, 2, i);
            view.wrap(datagram, 0, datagram.length);
            long now = i * NANOS_PER_PACKET;
            cache.store(view, now);
            int wanted = (i - 100) & 0xFFFF;
            if (i >= 100) {
                assertNotNull(cache.lookup(wanted, now));
                if (guard.shouldResend(wanted, now)) {
                    resends++;
                }
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - measuredFrom;
        assertTrue(allocated < MAX_BYTES, "allocated " + allocated + " bytes over " + PACKETS + " packets");
        assertEquals(2 * PACKETS - 100, resends);
        assertTrue(pool.allocatedTotal() <= 251, "about one second of packets in buffers: " + pool.allocatedTotal());
    }
}
