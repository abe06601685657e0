package io.livestage.sfu.rtp;

/**
 * Receive statistics of one incoming RTP stream, after RFC 3550 appendix A.1, A.3 and A.8:
 * packets, bytes, the extended highest sequence number, cumulative and fractional loss, and
 * interarrival jitter. These are the figures a receiver report carries and the metrics show.
 *
 * <p>No probation: a stream is trusted from its first packet, since it already passed ICE, DTLS and
 * SRTP authentication. A jump of more than {@value #MAX_DROPOUT} sequence numbers is taken as a
 * restart only when the next packet confirms it, as in A.1. Not thread-safe: owned by the stream's
 * event loop.
 */
public final class RtpReceiveStats {

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;
    private static final int MAX_CUMULATIVE_LOST = 0x7FFFFF;
    private static final int MIN_CUMULATIVE_LOST = -0x800000;

    private long packets;
    private long bytes;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private int lastTransit;
    private long jitterScaled;

    /**
     * Accounts one packet.
     *
     * @param arrivalTime the arrival time in the stream's RTP clock units (any origin)
     * @return false when the packet was held back from the loss figures (an unconfirmed big jump)
     */
    public boolean onPacket(RtpPacket packet, long arrivalTime) {
        return onPacket(packet.sequenceNumber(), packet.timestamp(), packet.length(), arrivalTime);
    }

    /** As {@link #onPacket(RtpPacket, long)}, from the header fields and the datagram size. */
    public boolean onPacket(int sequenceNumber, long rtpTimestamp, int packetBytes, long arrivalTime) {
        packets++;
        bytes += packetBytes;
        int seq = sequenceNumber & 0xFFFF;
        if (!started) {
            started = true;
            restart(seq);
            received = 1;
            lastTransit = (int) (arrivalTime - rtpTimestamp);
            return true;
        }
        if (!updateSequence(seq)) {
            return false;
        }
        received++;
        updateJitter(rtpTimestamp, arrivalTime);
        return true;
    }

    private boolean updateSequence(int seq) {
        int delta = (seq - maxSeq) & 0xFFFF;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
            // Two sequential packets after a big jump: the sender restarted, so count afresh.
            restart(seq);
        }
        return true;
    }

    private void restart(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    private void updateJitter(long rtpTimestamp, long arrivalTime) {
        // Differences in 32-bit RTP time wrap naturally in int arithmetic.
        int transit = (int) (arrivalTime - rtpTimestamp);
        long d = Math.abs((long) (transit - lastTransit));
        lastTransit = transit;
        // A.8: J += (|D| - J) / 16, kept scaled by 16 for precision.
        jitterScaled += d - ((jitterScaled + 8) >> 4);
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    /** Highest sequence number seen, extended with the count of wraparounds (cycles). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /** Packets lost since the start; negative when duplicates arrived; clamped to 24 bits. */
    public int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
    }

    /**
     * Fraction of packets lost since the previous call, in 1/256 units as in a report block, and
     * starts a new interval. Call it exactly once per report sent.
     */
    public int closeReportInterval() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** Interarrival jitter in RTP clock units, as a report block carries it. */
    public long jitter() {
        return Math.min(0xFFFF_FFFFL, jitterScaled >> 4);
    }
}
