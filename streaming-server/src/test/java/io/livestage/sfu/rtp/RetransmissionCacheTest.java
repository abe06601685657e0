package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetransmissionCacheTest {

    private static final long MS = 1_000_000L;
    /** V=2, PT 96, then sequence, timestamp 0x00000100, SSRC 0x11223344 and a 3-byte payload. */
    private static final String PACKET = "8060 %04x 00000100 11223344 aabbcc";

    private final PacketBufferPool pool = new PacketBufferPool(64);
    private final RtpPacket view = new RtpPacket();

    private RtpPacket packet(int sequence) {
        byte[] bytes = Hex.bytes(String.format(PACKET, sequence & 0xFFFF));
        assertTrue(view.wrap(bytes, 0, bytes.length));
        return view;
    }

    private static int sequenceOf(PacketBuffer buffer) {
        return NetworkOrder.uint16(buffer.array(), buffer.offset() + 2);
    }

    @Test
    void storesACopyAndFindsItBySequenceNumber() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        RtpPacket rtp = packet(500);
        assertTrue(cache.store(rtp, 0));
        rtp.buffer()[12] = 0; // the publisher's buffer is reused for the next packet
        PacketBuffer found = cache.lookup(500, 10 * MS);
        assertNotNull(found);
        assertEquals(String.format(PACKET, 500).replace(" ", ""), Hex.of(found.array(), found.offset(), found.length()));
        assertNull(cache.lookup(501, 10 * MS));
        assertNull(cache.lookup(499, 10 * MS));
    }

    @Test
    void followsSequenceNumbersAcrossTheWrap() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        for (int seq = 65530; seq < 65530 + 12; seq++) {
            assertTrue(cache.store(packet(seq), 0));
        }
        for (int seq = 65530; seq < 65530 + 12; seq++) {
            PacketBuffer found = cache.lookup(seq & 0xFFFF, 1);
            assertNotNull(found, "seq " + (seq & 0xFFFF));
            assertEquals(seq & 0xFFFF, sequenceOf(found));
        }
        assertNull(cache.lookup(6, 1));
    }

    @Test
    void reorderedPacketsAreStoredAndDuplicatesAreNot() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        assertTrue(cache.store(packet(1), 0));
        assertTrue(cache.store(packet(65535), 0), "late packet from before the wrap");
        assertTrue(cache.store(packet(3), 0));
        assertTrue(cache.store(packet(2), 0));
        assertFalse(cache.store(packet(3), 0), "duplicate");
        assertEquals(4, cache.size());
        assertEquals(65535, sequenceOf(cache.lookup(65535, 0)));
        assertEquals(2, sequenceOf(cache.lookup(2, 0)));
    }

    @Test
    void evictsTheOldestWhenFullAndReturnsItsBuffer() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        for (int seq = 0; seq < 16; seq++) {
            cache.store(packet(seq), 0);
        }
        assertEquals(16, pool.allocatedTotal());
        assertEquals(0, pool.available());
        cache.store(packet(16), 0);
        assertEquals(16, cache.size());
        assertEquals(16, pool.allocatedTotal(), "the evicted buffer was reused for the new packet");
        assertNull(cache.lookup(0, 0));
        assertNotNull(cache.lookup(1, 0));
        assertNotNull(cache.lookup(16, 0));
    }

    @Test
    void aPacketFromAnOlderCycleWithTheSameNumberIsNotReturned() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 1000 * MS);
        cache.store(packet(7), 0);
        // 65536 packets later the same 16-bit number comes round; 7 from the old cycle must be gone.
        for (int seq = 8; seq <= 65536 + 6; seq++) {
            cache.store(packet(seq), 0);
        }
        assertNull(cache.lookup(7, 0));
        assertFalse(cache.store(packet(65536 + 6 - 16), 0), "too far behind the newest to keep");
        assertEquals(16, cache.size());
    }

    @Test
    void lookupRefusesPacketsPastTheMaxAgeAndStoreEvictsThem() {
        RetransmissionCache cache = new RetransmissionCache(pool, 16, 100 * MS);
        cache.store(packet(1), 0);
        cache.store(packet(2), 50 * MS);
        assertNotNull(cache.lookup(1, 99 * MS));
        assertNull(cache.lookup(1, 100 * MS));
        assertNotNull(cache.lookup(2, 100 * MS));
        assertEquals(2, cache.size(), "lookup does not evict");
        cache.store(packet(3), 120 * MS);
        assertEquals(2, cache.size());
        assertEquals(2, pool.allocatedTotal(), "packet 1 was evicted first and its buffer reused");
        cache.evictExpired(300 * MS);
        assertEquals(0, cache.size());
        assertEquals(2, pool.available());
    }

    @Test
    void clearReturnsEveryBufferToThePool() {
        RetransmissionCache cache = new RetransmissionCache(pool, 32, 1000 * MS);
        for (int seq = 0; seq < 40; seq++) {
            cache.store(packet(seq), seq * MS);
        }
        assertEquals(32, cache.size());
        assertEquals(32, pool.allocatedTotal());
        cache.clear();
        assertEquals(0, cache.size());
        assertEquals(32, pool.available());
        assertNull(cache.lookup(39, 40 * MS));
        assertTrue(cache.store(packet(9000), 50 * MS), "a new stream may start after clear");
        assertNotNull(cache.lookup(9000, 50 * MS));
    }

    @Test
    void lookupBeforeAnyPacketMisses() {
        assertNull(new RetransmissionCache(pool, 16, MS).lookup(0, 0));
    }

    @Test
    void capacityFollowsKindAndBitrate() {
        assertEquals(512, RetransmissionCache.capacityFor(false, 510_000));
        assertEquals(512, RetransmissionCache.capacityFor(true, 2_500_000));
        assertEquals(1024, RetransmissionCache.capacityFor(true, 4_000_000));
        assertEquals(2048, RetransmissionCache.capacityFor(true, 8_000_000));
        assertEquals(2048, RetransmissionCache.capacityFor(true, 50_000_000));
    }

    @Test
    void refusesBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 100, MS));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 1 << 15, MS));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionCache(pool, 16, 0));
    }
}
