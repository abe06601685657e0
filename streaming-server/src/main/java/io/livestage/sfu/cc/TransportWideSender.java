package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.TransportCcFeedback;

/**
 * One subscriber transport's outgoing transport-wide sequence numbers
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) and what its feedback says became of them.
 * Forwarding with the publisher's numbers would make the subscriber's transport-cc feedback
 * describe nothing we sent; numbering our own packets lets it measure our path to the subscriber.
 *
 * <p>Threading: {@link #next} runs on the event loops of every publisher the subscriber watches,
 * concurrently, lock-free and allocation-free. {@link #onFeedback}, {@link #onRemb} and the
 * probing calls run on the subscriber transport's own loop; they also drive its {@link
 * BandwidthEstimator}, whose estimate {@link #statistics} reports. {@link #statistics} may run
 * anywhere.
 */
public final class TransportWideSender {

    /**
     * Weight of one feedback packet's loss fraction in {@link DeliveryStatistics#lossRatio()}: with
     * feedback every 50 to 100 ms the ratio follows roughly the last second.
     */
    private static final double LOSS_SMOOTHING = 0.125;

    private final TransportWideHistory history = new TransportWideHistory();

    /**
     * Guards the statistics below so {@link #statistics} reads one feedback's consistent result
     * from any thread. {@link #onFeedback} holds it for one packet's walk; the only other taker
     * is {@link #statistics}, once a second, so it is practically never contended.
     */
    private final Object lock = new Object();
    private final DelayTrend delayTrend = new DelayTrend();
    private final ReceiveRate receiveRate = new ReceiveRate();
    private final BandwidthEstimator estimator;
    private boolean referenceSeen;
    private long referenceTicks;
    private boolean receivedAny;
    private long lastReceivedAtMicros;
    private long packetsReported;
    private long packetsLost;
    private long feedbackPackets;
    private boolean lossMeasured;
    private double lossRatio;
    private long receivedBitrateBps;

    private long rembBitrateBps;

    public TransportWideSender() {
        this(EstimateBounds.DEFAULT);
    }

    public TransportWideSender(EstimateBounds bounds) {
        this.estimator = new BandwidthEstimator(bounds);
    }

    /**
     * Takes the next 16-bit transport-wide sequence number for a packet of {@code sizeBytes} sent at
     * {@code sendMicros} (monotonic µs) and records both for the feedback. Thread-safe, lock-free,
     * allocates nothing.
     */
    public int next(int sizeBytes, long sendMicros) {
        return (int) history.record(sizeBytes, sendMicros) & 0xFFFF;
    }

    /**
     * The subscriber's transport-cc feedback, on the subscriber transport's loop. Entries for
     * numbers never sent, or sent so long ago that their record was reused, are ignored.
     */
    public void onFeedback(TransportCcFeedback feedback, long nowMicros) {
        synchronized (lock) {
            long reportedBefore = packetsReported;
            long lostBefore = packetsLost;
            boolean receivedNow = false;
            long base = history.unwrap(feedback.baseSequenceNumber());
            long arrivalMicros = unwrapReferenceTicks(feedback.referenceTime())
                    * TransportCcFeedback.REFERENCE_TIME_TICK_MICROS;
            int count = feedback.packetStatusCount();
            for (int i = 0; i < count; i++) {
                boolean received = feedback.isReceived(i);
                // Deltas chain through every received entry, known to us or not.
                if (received) {
                    arrivalMicros += feedback.deltaMicros(i);
                }
                if (history.select(base + i)) {
                    if (received) {
                        receivedNow |= onReceived(base + i, arrivalMicros);
                    } else {
                        onLost(base + i);
                    }
                }
            }
            feedbackPackets++;
            smoothLoss(packetsReported - reportedBefore, packetsLost - lostBefore);
            estimator.onFeedback(packetsReported - reportedBefore, packetsLost - lostBefore, nowMicros);
            if (receivedNow) {
                receivedAny = true;
                lastReceivedAtMicros = nowMicros;
            }
            // Feedback that has reported nothing received for a whole window means nothing gets through.
            boolean stale = !receivedAny || nowMicros - lastReceivedAtMicros > ReceiveRate.WINDOW_MICROS;
            receivedBitrateBps = stale ? 0 : receiveRate.bitsPerSecond();
        }
    }

    /** The subscriber's REMB estimate in bits/s; {@code nowMicros} is when it arrived. */
    public void onRemb(long bitrateBps, long nowMicros) {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("negative REMB bitrate: " + bitrateBps);
        }
        synchronized (lock) {
            rembBitrateBps = bitrateBps;
            estimator.onRemb(bitrateBps);
        }
    }

    /**
     * The rate, bits/s, at which the estimator would like a probe cluster sent now (a short burst
     * of padding or media above the estimate, then {@link #onProbeSent}), or 0 for none. On the
     * subscriber transport's loop.
     */
    public long probeTargetBps(long nowMicros) {
        synchronized (lock) {
            return estimator.probeTargetBps(nowMicros);
        }
    }

    /**
     * A probe cluster went out: {@code packets} consecutive transport-wide numbers from {@code
     * firstSequence} (the 16-bit value {@link #next} returned for its first packet), paced at
     * {@code rateBps}. Their feedback then measures whether the path carries that rate. On the
     * subscriber transport's loop.
     */
    public void onProbeSent(int firstSequence, int packets, long rateBps, long nowMicros) {
        if (packets <= 0 || rateBps <= 0) {
            throw new IllegalArgumentException("probe of " + packets + " packets at " + rateBps + " bit/s");
        }
        synchronized (lock) {
            estimator.onProbeSent(history.unwrap(firstSequence), packets, rateBps, nowMicros);
        }
    }

    /** A snapshot of the delivery statistics; any thread. */
    public DeliveryStatistics statistics() {
        synchronized (lock) {
            return new DeliveryStatistics(packetsReported, packetsLost, lossRatio, delayTrend.slope(),
                    receivedBitrateBps, rembBitrateBps, estimator.estimateBps(), feedbackPackets, estimator.probedBps());
        }
    }

    /** @return whether the packet was newly received, not a repeated report */
    private boolean onReceived(long sequence, long arrivalMicros) {
        if (history.selectedReceived()) {
            return false;
        }
        if (history.selectedReported()) {
            packetsLost--; // reported lost before, arrived late after all
        } else {
            packetsReported++;
        }
        history.markSelectedReceived(arrivalMicros);
        delayTrend.add(history.selectedSendMicros(), arrivalMicros);
        receiveRate.add(arrivalMicros, history.selectedSize());
        estimator.onReceived(sequence, history.selectedSendMicros(), arrivalMicros, history.selectedSize());
        return true;
    }

    private void onLost(long sequence) {
        if (!history.selectedReported()) {
            packetsReported++;
            packetsLost++;
            history.markSelectedLost();
            estimator.onLost(sequence);
        }
    }

    /**
     * Folds one feedback packet's change in the counts into the smoothed ratio; late arrivals that
     * cancel earlier losses lower it. A feedback that reported nothing new leaves it alone.
     */
    private void smoothLoss(long newlyReported, long newlyLost) {
        if (newlyReported <= 0) {
            return;
        }
        double fraction = Math.max(0, newlyLost) / (double) newlyReported;
        lossRatio = lossMeasured ? lossRatio + LOSS_SMOOTHING * (fraction - lossRatio) : fraction;
        lossMeasured = true;
    }

    /** The 24-bit reference time wraps every 12 days; unwrap it against the previous feedback's. */
    private long unwrapReferenceTicks(int referenceTime) {
        if (referenceSeen) {
            referenceTicks += ((referenceTime - (int) referenceTicks) << 8) >> 8;
        } else {
            referenceTicks = referenceTime;
            referenceSeen = true;
        }
        return referenceTicks;
    }
}
