package io.livestage.sfu.cc;

/**
 * The rate at which a subscriber received our packets, from the arrival times its feedback
 * reports: bytes over arrival span for the packets that arrived within the last window (by
 * default {@link #WINDOW_MICROS}) of the newest one. Packets are kept in the order feedback reported them (send
 * order); a packet that overtook another only blurs the window's edge by a packet.
 *
 * <p>Bounded: beyond {@link #CAPACITY} packets the oldest leave early and the window is shorter
 * than a second, which still measures the rate. Not thread-safe: the feedback thread's.
 */
final class ReceiveRate {

    static final long WINDOW_MICROS = 1_000_000;
    /** A second of 1,200-byte packets at 9 Mbit/s, more than a subscriber is sent. */
    private static final int CAPACITY = 1024;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private final long windowMicros;
    private final long[] arrivalMicros = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private int oldest;
    private int count;
    private long bytes;
    private long newestArrivalMicros = Long.MIN_VALUE;

    ReceiveRate() {
        this(WINDOW_MICROS);
    }

    /**
     * A rate over a window other than the statistics' second: the bandwidth estimator wants a
     * shorter one that follows a drop in capacity sooner.
     */
    ReceiveRate(long windowMicros) {
        this.windowMicros = windowMicros;
    }

    void add(long arrivedAtMicros, int sizeBytes) {
        if (count == CAPACITY) {
            removeOldest();
        }
        int at = (oldest + count) % CAPACITY;
        arrivalMicros[at] = arrivedAtMicros;
        sizes[at] = sizeBytes;
        count++;
        bytes += sizeBytes;
        newestArrivalMicros = Math.max(newestArrivalMicros, arrivedAtMicros);
        while (arrivalMicros[oldest] < newestArrivalMicros - windowMicros) {
            removeOldest();
        }
    }

    /** Bits per second over the window; 0 until two packets span some time. */
    long bitsPerSecond() {
        long span = count < 2 ? 0 : newestArrivalMicros - arrivalMicros[oldest];
        if (span <= 0) {
            return 0;
        }
        // The oldest packet's bytes arrived at the span's start, before it: n packets, n - 1 gaps.
        return (bytes - sizes[oldest]) * 8 * MICROS_PER_SECOND / span;
    }

    private void removeOldest() {
        bytes -= sizes[oldest];
        oldest = (oldest + 1) % CAPACITY;
        count--;
    }
}
