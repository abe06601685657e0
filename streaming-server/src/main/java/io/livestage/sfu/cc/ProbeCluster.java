package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.TransportCcFeedback;

/**
 * One probe cluster's feedback: packets sent back to back at a known rate, and the rate at which
 * they arrived. If the path carries the probe rate, they arrive about as fast as they were sent;
 * if not, the bottleneck spaces them out at its capacity. Only the cluster's later half is
 * measured: a bottleneck with a token bucket (most shapers and many access links) lets a burst's
 * first bytes through at once, and a cluster measured whole would read that as capacity. Reused
 * from cluster to cluster, so probing allocates nothing. Not thread-safe: the feedback thread's.
 */
final class ProbeCluster {
    /** The largest cluster measured; a longer one's packets past it are not. */
    static final int MAX_PACKETS = 64;
    /** Fewer received than this share of the cluster measures nothing trustworthy. */
    private static final double MIN_RECEIVED_SHARE = 0.8;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private final long[] arrivals = new long[MAX_PACKETS];
    private final int[] sizes = new int[MAX_PACKETS];
    private boolean active;
    private long firstSequence;
    private int packets;
    private long rateBps;
    private long sentAtMicros;
    private int reported;
    private int received;

    void start(long firstSequence, int packets, long rateBps, long nowMicros) {
        this.active = true;
        this.firstSequence = firstSequence;
        this.packets = Math.min(packets, MAX_PACKETS);
        this.rateBps = rateBps;
        this.sentAtMicros = nowMicros;
        reported = 0;
        received = 0;
        java.util.Arrays.fill(sizes, 0, this.packets, -1);
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

    void onReceived(long sequence, long arrivalMicros, int sizeBytes) {
        int index = (int) (sequence - firstSequence);
        arrivals[index] = arrivalMicros;
        sizes[index] = sizeBytes;
        received++;
        reported++;
    }

    void onLost() {
        reported++;
    }

    boolean complete() {
        return reported >= packets;
    }

    /**
     * Ends the cluster and returns the rate its later half arrived at, bits/s (at least), or 0 when
     * too little of it arrived to tell. The earliest arrival's bytes came before the span began, so
     * they don't count.
     */
    long finish() {
        active = false;
        if (received < MIN_RECEIVED_SHARE * packets) {
            return 0;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int firstSize = 0;
        long bytes = 0;
        int counted = 0;
        for (int i = packets / 2; i < packets; i++) {
            if (sizes[i] < 0) {
                continue;
            }
            counted++;
            bytes += sizes[i];
            if (arrivals[i] < first) {
                first = arrivals[i];
                firstSize = sizes[i];
            }
            last = Math.max(last, arrivals[i]);
        }
        if (counted < 2) {
            return 0;
        }
        // Feedback gives arrival times in whole ticks: a span read as s was shorter than s plus one
        // tick, so bytes over that is a rate that surely arrived. A burst read as one instant (the
        // receiver took it from its socket at once, on loopback or a busy machine) carried its rate
        // many times over; it is not a failed probe.
        long span = last - first + TransportCcFeedback.DELTA_TICK_MICROS;
        return (bytes - firstSize) * 8 * MICROS_PER_SECOND / span;
    }
}
