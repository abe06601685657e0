package io.livestage.sfu.cc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packets one subscriber transport numbered, by unwrapped transport-wide sequence number: when
 * each was sent and how big it was, and what feedback said became of it.
 *
 * <p>Two sides with different threads. {@link #record} runs on every event loop that forwards to
 * the subscriber, concurrently and without locks. Everything else runs on the subscriber
 * transport's own loop (the feedback thread) and reads packets through a cursor: {@link #select}
 * loads one packet's send record, the {@code selected...} methods read it and the {@code mark...}
 * methods store what feedback said; they are meaningful only after {@code select} returned true.
 * The feedback side is not thread-safe.
 *
 * <p>A slot is published like a sequence lock: the writer claims it by swapping the sequence
 * number word to {@link #WRITING}, stores the data with release semantics and then releases the
 * packet's own sequence number. The reader checks that number before and after reading the data
 * (acquire loads), so an entry being rewritten for a packet a lap later is seen as gone, never
 * torn. Two writers meet in a slot only when one stalled for a whole lap of the ring; the one
 * that finds the slot busy or already taken by a later lap leaves its packet unrecorded, and
 * feedback about it is then ignored like any unknown packet.
 */
final class TransportWideHistory {

    /**
     * Slots: a power of two well under 2^15, so 16-bit numbers unwrap without doubt. At 1,000
     * packets a second (about 10 Mbit/s) it still spans a second, ten or more feedback intervals,
     * in about 36 KiB per subscriber.
     */
    static final int CAPACITY = 1024;

    private static final int MASK = CAPACITY - 1;
    private static final long EMPTY = -1;
    private static final long WRITING = -2;
    private static final long LOST = Long.MIN_VALUE;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final AtomicLong nextSequence = new AtomicLong();
    private final long[] sequences = new long[CAPACITY];
    private final long[] sendMicros = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];

    private final long[] reportedSequences = new long[CAPACITY];
    private final long[] arrivalMicros = new long[CAPACITY];
    private long selected = EMPTY;
    private int selectedSlot;
    private long selectedSendMicros;
    private int selectedSize;

    TransportWideHistory() {
        Arrays.fill(sequences, EMPTY);
        Arrays.fill(reportedSequences, EMPTY);
    }

    /** Numbers a packet and records it; returns its unwrapped sequence number. Any thread. */
    long record(int sizeBytes, long sentAtMicros) {
        long sequence = nextSequence.getAndIncrement();
        int slot = (int) sequence & MASK;
        long previous = (long) LONGS.getAcquire(sequences, slot);
        if (previous != WRITING && previous < sequence
                && LONGS.compareAndSet(sequences, slot, previous, WRITING)) {
            LONGS.setRelease(sendMicros, slot, sentAtMicros);
            INTS.setRelease(sizes, slot, sizeBytes);
            LONGS.setRelease(sequences, slot, sequence);
        }
        return sequence;
    }

    /**
     * The unwrapped number of the latest packet sent with the 16-bit {@code sequenceNumber}: the
     * highest one not above the highest number handed out; negative when there is none.
     */
    long unwrap(int sequenceNumber) {
        long highest = highestSequence();
        return highest - ((highest - sequenceNumber) & 0xFFFF);
    }

    /** The last number handed out, -1 before the first. */
    long highestSequence() {
        return nextSequence.get() - 1;
    }

    /**
     * Moves the cursor to packet {@code sequence}; false when it was never sent, its slot has since
     * been reused, or it is still being written.
     */
    boolean select(long sequence) {
        if (sequence < 0) {
            return false;
        }
        int slot = (int) sequence & MASK;
        if ((long) LONGS.getAcquire(sequences, slot) != sequence) {
            return false;
        }
        long sent = (long) LONGS.getAcquire(sendMicros, slot);
        int size = (int) INTS.getAcquire(sizes, slot);
        if ((long) LONGS.getAcquire(sequences, slot) != sequence) {
            return false;
        }
        selected = sequence;
        selectedSlot = slot;
        selectedSendMicros = sent;
        selectedSize = size;
        return true;
    }

    long selectedSendMicros() {
        return selectedSendMicros;
    }

    int selectedSize() {
        return selectedSize;
    }

    /** Whether feedback has reported the selected packet yet, received or lost. */
    boolean selectedReported() {
        return reportedSequences[selectedSlot] == selected;
    }

    boolean selectedReceived() {
        return selectedReported() && arrivalMicros[selectedSlot] != LOST;
    }

    void markSelectedLost() {
        reportedSequences[selectedSlot] = selected;
        arrivalMicros[selectedSlot] = LOST;
    }

    void markSelectedReceived(long arrivedAtMicros) {
        reportedSequences[selectedSlot] = selected;
        arrivalMicros[selectedSlot] = arrivedAtMicros;
    }
}
