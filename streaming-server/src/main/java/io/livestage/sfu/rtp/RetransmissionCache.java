package io.livestage.sfu.rtp;

import java.util.Arrays;

/**
 * The NACK cache of one track: copies of the producer's decrypted RTP packets from about the last
 * second, so a subscriber's NACK (RFC 4585) can be answered without asking the publisher.
 *
 * <p>Bounded twice: by {@link #capacity()} packets and by a maximum age. Packets sit in a ring in
 * arrival order, so evicting the oldest (for either bound) is a pointer move; a second table keyed
 * by {@code sequence & mask} finds a packet's place in that ring and is checked on every use,
 * which keeps reordered and duplicated packets harmless. Sequence numbers are extended past 16-bit
 * wraparound relative to the highest one stored, so a lookup never returns a packet from an older
 * cycle that happens to share the 16-bit number.
 *
 * <p>Ownership: each stored packet is a copy in a {@link PacketBuffer} acquired from the pool
 * given at construction, and goes back to that pool when evicted or on {@link #clear()}. Call
 * {@code clear()} when the track ends: media must never outlive its track (DESIGN.md).
 *
 * <p>Threading: not thread-safe and lock-free by design; confined to the producer's event loop, the
 * same loop that owns the pool. NACKs received on another loop must be handed over to this one.
 * Steady-state {@link #store} and {@link #lookup} allocate nothing once the pool is warm.
 */
public final class RetransmissionCache {

    public static final int MIN_CAPACITY = 512;
    public static final int MAX_CAPACITY = 2048;
    public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;
    /** Half the 16-bit sequence space: beyond this, extending sequence numbers becomes ambiguous. */
    private static final int LARGEST_CAPACITY = 1 << 14;
    /** A typical video packet size, for turning a bitrate into a packet rate. */
    private static final int TYPICAL_VIDEO_PACKET_BYTES = 1000;

    private final PacketBufferPool pool;
    private final long maxAgeNanos;
    private final int mask;
    private final PacketBuffer[] packets;
    private final long[] extendedSequences;
    private final long[] storedAtNanos;
    /** Ring position of the packet last stored for each {@code extendedSequence & mask}; -1 for none. */
    private final long[] positionBySequence;
    /** Live packets occupy ring positions {@code [head, tail)}; a position's slot is {@code position & mask}. */
    private long head;
    private long tail;
    private boolean started;
    private long highestSequence;

    /**
     * @param pool the owning event loop's buffer pool
     * @param capacity a power of two, at most 16384; see {@link #capacityFor}
     * @param maxAgeNanos how long a packet stays retransmittable
     */
    public RetransmissionCache(PacketBufferPool pool, int capacity, long maxAgeNanos) {
        if (capacity < 2 || capacity > LARGEST_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two up to " + LARGEST_CAPACITY + ": " + capacity);
        }
        if (maxAgeNanos <= 0) {
            throw new IllegalArgumentException("maxAgeNanos must be positive: " + maxAgeNanos);
        }
        this.pool = pool;
        this.maxAgeNanos = maxAgeNanos;
        this.mask = capacity - 1;
        this.packets = new PacketBuffer[capacity];
        this.extendedSequences = new long[capacity];
        this.storedAtNanos = new long[capacity];
        this.positionBySequence = new long[capacity];
        Arrays.fill(positionBySequence, -1);
    }

    /**
     * A ring size that holds about 1.5 s of the track (margin over the 1 s age bound), between
     * {@value #MIN_CAPACITY} and {@value #MAX_CAPACITY} packets. Audio stays at the minimum: Opus
     * sends 50 packets a second and the slot arrays are small; only live packets hold buffers.
     */
    public static int capacityFor(boolean video, long bitsPerSecond) {
        if (!video) {
            return MIN_CAPACITY;
        }
        long packetsPerSecond = Math.max(0, bitsPerSecond) / 8 / TYPICAL_VIDEO_PACKET_BYTES;
        long wanted = packetsPerSecond * 3 / 2;
        int capacity = MIN_CAPACITY;
        while (capacity < MAX_CAPACITY && capacity < wanted) {
            capacity <<= 1;
        }
        return capacity;
    }

    /**
     * Copies a decrypted packet into the cache, first evicting packets past the age bound and, when
     * full, the oldest one.
     *
     * @return false when not stored: a duplicate of a cached packet, or one too far behind the
     *     newest to be worth keeping
     */
    public boolean store(RtpPacket packet, long nowNanos) {
        evictExpired(nowNanos);
        long sequence = extend(packet.sequenceNumber());
        if (started && highestSequence - sequence > mask) {
            return false;
        }
        if (find(sequence) >= 0) {
            return false;
        }
        if (tail - head > mask) {
            evictOldest();
        }
        PacketBuffer copy = pool.acquire();
        copy.copyFrom(packet.buffer(), packet.offset(), packet.length());
        int slot = (int) tail & mask;
        packets[slot] = copy;
        extendedSequences[slot] = sequence;
        storedAtNanos[slot] = nowNanos;
        positionBySequence[(int) sequence & mask] = tail;
        tail++;
        if (!started || sequence > highestSequence) {
            highestSequence = sequence;
            started = true;
        }
        return true;
    }

    /**
     * The cached packet with this 16-bit sequence number, or null when it is absent, was
     * overwritten by a later cycle of sequence numbers, or is older than the age bound.
     *
     * <p>The buffer stays owned by the cache and is valid until the next call on this cache: copy
     * it before rewriting its header or encrypting it, since other subscribers may ask for it too.
     */
    public PacketBuffer lookup(int sequenceNumber, long nowNanos) {
        if (!started) {
            return null;
        }
        int slot = find(extend(sequenceNumber));
        if (slot < 0 || nowNanos - storedAtNanos[slot] >= maxAgeNanos) {
            return null;
        }
        return packets[slot];
    }

    /** Frees packets past the age bound; {@link #store} does this too, so call it only for an idle track. */
    public void evictExpired(long nowNanos) {
        while (head < tail && nowNanos - storedAtNanos[(int) head & mask] >= maxAgeNanos) {
            evictOldest();
        }
    }

    /** Returns every cached packet to the pool; the cache is then empty and ready for a new stream. */
    public void clear() {
        while (head < tail) {
            evictOldest();
        }
        started = false;
    }

    /** Packets currently held. */
    public int size() {
        return (int) (tail - head);
    }

    public int capacity() {
        return mask + 1;
    }

    /** The slot of the live packet with this extended sequence number, or -1. */
    private int find(long sequence) {
        long position = positionBySequence[(int) sequence & mask];
        if (position < head || position >= tail) {
            return -1;
        }
        int slot = (int) position & mask;
        return extendedSequences[slot] == sequence ? slot : -1;
    }

    private void evictOldest() {
        int slot = (int) head & mask;
        pool.release(packets[slot]);
        packets[slot] = null;
        head++;
    }

    /** Places a 16-bit sequence number in the cycle nearest the highest one stored (RFC 3550 A.1 style). */
    private long extend(int sequenceNumber) {
        int sequence = sequenceNumber & 0xFFFF;
        if (!started) {
            return sequence;
        }
        int delta = (short) (sequence - (int) (highestSequence & 0xFFFF));
        return highestSequence + delta;
    }
}
