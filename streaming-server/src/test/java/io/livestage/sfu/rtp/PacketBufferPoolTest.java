package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PacketBufferPoolTest {

    @Test
    void reusesReleasedBuffersAndResetsTheirRange() {
        PacketBufferPool pool = new PacketBufferPool(2);
        PacketBuffer a = pool.acquire();
        assertEquals(PacketBuffer.CAPACITY, a.array().length);
        a.copyFrom(new byte[] {1, 2, 3}, 0, 3);
        assertEquals(3, a.length());
        pool.release(a);
        assertEquals(1, pool.available());
        PacketBuffer again = pool.acquire();
        assertSame(a, again);
        assertEquals(0, again.length());
        assertEquals(1, pool.allocatedTotal());
    }

    @Test
    void allocatesWhenEmptyAndRetainsAtMostItsBound() {
        PacketBufferPool pool = new PacketBufferPool(2);
        PacketBuffer a = pool.acquire();
        PacketBuffer b = pool.acquire();
        PacketBuffer c = pool.acquire();
        assertNotSame(a, b);
        assertEquals(3, pool.allocatedTotal());
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertEquals(2, pool.available());
    }

    @Test
    void refusesADoubleReleaseAndBadRanges() {
        PacketBufferPool pool = new PacketBufferPool(4);
        PacketBuffer a = pool.acquire();
        pool.release(a);
        assertThrows(IllegalStateException.class, () -> pool.release(a));
        PacketBuffer b = pool.acquire();
        assertThrows(IndexOutOfBoundsException.class, () -> b.setRange(1, PacketBuffer.CAPACITY));
        assertThrows(IndexOutOfBoundsException.class, () -> b.setRange(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new PacketBufferPool(0));
    }
}
