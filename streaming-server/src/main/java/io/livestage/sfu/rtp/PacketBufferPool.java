package io.livestage.sfu.rtp;

/**
 * A bounded free list of {@link PacketBuffer}s so the steady state of the media path allocates
 * nothing.
 *
 * <p>Threading: a pool is confined to one event loop, like the transports it serves (DESIGN.md,
 * "The media hot path"), so it takes no locks. A buffer acquired on one loop must be released on
 * the same loop; hand-offs between threads must copy.
 *
 * <p>When the free list is empty, {@link #acquire} allocates a new buffer rather than failing: a
 * burst costs garbage, never dropped media. Buffers released while the list is full are left to
 * the garbage collector, which bounds the memory the pool retains.
 */
public final class PacketBufferPool {

    private final PacketBuffer[] free;
    private int freeCount;
    private long allocated;

    /** @param maxRetained the most idle buffers kept for reuse */
    public PacketBufferPool(int maxRetained) {
        if (maxRetained < 1) {
            throw new IllegalArgumentException("maxRetained must be positive: " + maxRetained);
        }
        this.free = new PacketBuffer[maxRetained];
    }

    /** A buffer with an empty range, taken from the free list or freshly allocated. */
    public PacketBuffer acquire() {
        PacketBuffer buffer;
        if (freeCount > 0) {
            buffer = free[--freeCount];
            free[freeCount] = null;
        } else {
            buffer = new PacketBuffer();
            allocated++;
        }
        buffer.pooled = false;
        buffer.setRange(0, 0);
        return buffer;
    }

    /**
     * Returns a buffer to the pool. Releasing the same buffer twice is a bug that would hand one
     * array to two packets, so it fails loudly.
     */
    public void release(PacketBuffer buffer) {
        if (buffer.pooled) {
            throw new IllegalStateException("buffer released twice");
        }
        buffer.pooled = true;
        if (freeCount < free.length) {
            free[freeCount++] = buffer;
        }
    }

    /** Idle buffers ready for reuse. */
    public int available() {
        return freeCount;
    }

    /** Buffers this pool has ever allocated; steady growth means a leak or an undersized pool. */
    public long allocatedTotal() {
        return allocated;
    }
}
