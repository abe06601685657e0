package io.livestage.sfu.rtp;

import java.util.Arrays;

/**
 * Remembers which packets one subscriber was recently sent again, so a burst of NACKs for the same
 * packet within about one round trip is served once. Receivers repeat a NACK until the packet
 * arrives, and a retransmission already on its way answers all of those repeats.
 *
 * <p>One guard per consumer (a subscriber's copy of a track), since each subscriber's losses are
 * its own. A small table keyed by {@code sequence & mask}: when two packets collide the older
 * record is forgotten, which at worst sends one extra retransmission and never withholds one.
 *
 * <p>Threading: not thread-safe; used on the event loop that serves the consumer's NACKs.
 */
public final class RetransmissionGuard {

    public static final int DEFAULT_SLOTS = 128;
    public static final long DEFAULT_HOLD_OFF_NANOS = 80_000_000L;

    private final int mask;
    private final long holdOffNanos;
    private final int[] sequences;
    private final long[] sentAtNanos;

    /**
     * @param slots a power of two: how many recent retransmissions are remembered
     * @param holdOffNanos how long a repeat NACK for the same packet is ignored, about one RTT
     */
    public RetransmissionGuard(int slots, long holdOffNanos) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        if (holdOffNanos < 0) {
            throw new IllegalArgumentException("holdOffNanos must not be negative: " + holdOffNanos);
        }
        this.mask = slots - 1;
        this.holdOffNanos = holdOffNanos;
        this.sequences = new int[slots];
        this.sentAtNanos = new long[slots];
        Arrays.fill(sequences, -1);
    }

    public RetransmissionGuard() {
        this(DEFAULT_SLOTS, DEFAULT_HOLD_OFF_NANOS);
    }

    /**
     * True when the packet should be sent again now, and records that it was; false when it was
     * already sent again within the hold-off. Ask only after the cache had the packet, so a miss
     * does not stop a later retry.
     */
    public boolean shouldResend(int sequenceNumber, long nowNanos) {
        int sequence = sequenceNumber & 0xFFFF;
        int slot = sequence & mask;
        if (sequences[slot] == sequence && nowNanos - sentAtNanos[slot] < holdOffNanos) {
            return false;
        }
        sequences[slot] = sequence;
        sentAtNanos[slot] = nowNanos;
        return true;
    }
}
