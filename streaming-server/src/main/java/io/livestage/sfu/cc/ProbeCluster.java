package io.livestage.sfu.cc;

/**
 * One probe cluster's feedback: packets sent back to back at a known rate, and the rate at which
 * they arrived. If the path carries the probe rate, they arrive about as fast as they were sent;
 * if not, the bottleneck spaces them out at its capacity. Reused from cluster to cluster, so
 * probing allocates nothing. Not thread-safe: the feedback thread's.
 */
final class ProbeCluster {

    /** Fewer received than this share of the cluster measures nothing trustworthy. */
    private static final double MIN_RECEIVED_SHARE = 0.8;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private boolean active;
    private long firstSequence;
    private int packets;
    private long rateBps;
    private long sentAtMicros;
    private int reported;
    private int received;
    private long bytes;
    private long firstArrivalMicros;
    private int firstArrivalSize;
    private long lastArrivalMicros;

    void start(long firstSequence, int packets, long rateBps, long nowMicros) {
        this.active = true;
        this.firstSequence = firstSequence;
        this.packets = packets;
        this.rateBps = rateBps;
        this.sentAtMicros = nowMicros;
        reported = 0;
        received = 0;
        bytes = 0;
    }

    boolean active() {
        return active;
    }

    long rateBps() {
        return rateBps;
    }

    long sentAtMicros() {
        return sentAtMicros;
    }

    boolean contains(long sequence) {
        return active && sequence >= firstSequence && sequence < firstSequence + packets;
    }

    void onReceived(long arrivalMicros, int sizeBytes) {
        if (received == 0 || arrivalMicros < firstArrivalMicros) {
            firstArrivalMicros = arrivalMicros;
            firstArrivalSize = sizeBytes;
        }
        if (received == 0 || arrivalMicros > lastArrivalMicros) {
            lastArrivalMicros = arrivalMicros;
        }
        received++;
        reported++;
        bytes += sizeBytes;
    }

    void onLost() {
        reported++;
    }

    boolean complete() {
        return reported >= packets;
    }

    /**
     * Ends the cluster and returns the rate it arrived at, bits/s, or 0 when too little of it
     * arrived to tell. The first arrival's bytes came before the span began, so they don't count.
     */
    long finish() {
        active = false;
        long span = lastArrivalMicros - firstArrivalMicros;
        if (received < MIN_RECEIVED_SHARE * packets || received < 2 || span <= 0) {
            return 0;
        }
        return (bytes - firstArrivalSize) * 8 * MICROS_PER_SECOND / span;
    }
}
