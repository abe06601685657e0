package io.livestage.sfu.cc;

/**
 * How fast we may send one subscriber, from its transport-cc feedback, in the spirit of Google
 * congestion control (draft-ietf-rmcat-gcc): the smaller of a delay-based rate ({@link
 * GroupDelayDetector} into {@link AimdRateControl}) and a loss-based one ({@link
 * LossBasedControl}), kept within {@link EstimateBounds} and under the subscriber's REMB if it
 * sends one. Delay reacts first, while queues build and before they overflow; loss catches paths
 * whose queues are too short to show a trend.
 *
 * <p>Probing: a rate we don't send can't be measured, so the estimate of an application-limited
 * sender, or one creeping up additively near an old capacity, would take long to find room that
 * opened. Once the estimate has not fallen for {@link #STABLE_MICROS}, {@link #probeTargetBps}
 * asks for a short cluster at twice the estimate every {@link #PROBE_INTERVAL_MICROS}, and right
 * away again after a cluster that got through. A cluster that arrives at {@link
 * #PROBE_SUCCESS_SHARE} of its rate or more lifts the estimate to what arrived.
 *
 * <p>Runs on the feedback thread only; allocates nothing.
 */
final class BandwidthEstimator {

    /** Received rate for the cut on overuse: half a second follows a drop in capacity soon. */
    static final long RECEIVED_WINDOW_MICROS = 500_000;
    static final long STABLE_MICROS = 2_000_000;
    static final long PROBE_INTERVAL_MICROS = 5_000_000;
    /** Feedback on a cluster's last packets may be lost; give up on it after this. */
    static final long PROBE_TIMEOUT_MICROS = 1_000_000;
    static final double PROBE_SUCCESS_SHARE = 0.9;
    static final int PROBE_FACTOR = 2;
    /**
     * A cluster's own queue is what the probe measures; read as overuse, it would cut the estimate
     * to 0.85 times the rate sent before the probe, undoing a successful one. So packets sent from
     * a cluster's start stay out of the delay trend until one's one-way delay is back within
     * {@link #DRAINED_MARGIN_MICROS} of the last packet's before the cluster (its queue has
     * drained: at 90 % load that takes ten times the cluster's excess), or for at most
     * {@link #MAX_PROBE_DRAIN_MICROS}, so a queue that never drains is still seen.
     */
    static final long DRAINED_MARGIN_MICROS = 2_000;
    static final long MAX_PROBE_DRAIN_MICROS = 1_000_000;

    private final EstimateBounds bounds;
    private final GroupDelayDetector delay = new GroupDelayDetector();
    private final AimdRateControl rateControl;
    private final LossBasedControl lossControl;
    private final ReceiveRate received = new ReceiveRate(RECEIVED_WINDOW_MICROS);
    private final ProbeCluster probe = new ProbeCluster();
    private boolean feedbackSeen;
    private long stableSinceMicros;
    private boolean probed;
    private long lastProbeMicros;
    private boolean probeFurther;
    private long probeSentMicros = Long.MAX_VALUE;
    private boolean probeDraining;
    private long delayBeforeProbeMicros;
    private long rembBps;
    private long estimateBps;
    private long probedBps;

    BandwidthEstimator(EstimateBounds bounds) {
        this.bounds = bounds;
        this.rateControl = new AimdRateControl(bounds.floorBps(), bounds.ceilingBps(), bounds.startBps());
        this.lossControl = new LossBasedControl(bounds.startBps());
        this.estimateBps = bounds.startBps();
    }

    /** A packet feedback reported received for the first time; {@code sequence} is unwrapped. */
    void onReceived(long sequence, long sendMicros, long arrivalMicros, int sizeBytes) {
        received.add(arrivalMicros, sizeBytes);
        if (probe.contains(sequence)) {
            probe.onReceived(sequence, arrivalMicros, sizeBytes);
            return;
        }
        long oneWayMicros = arrivalMicros - sendMicros; // plus an unknown clock offset, the same for all
        if (sendMicros < probeSentMicros) {
            delayBeforeProbeMicros = oneWayMicros;
        } else if (probeDraining) {
            probeDraining = oneWayMicros > delayBeforeProbeMicros + DRAINED_MARGIN_MICROS
                    && sendMicros - probeSentMicros < MAX_PROBE_DRAIN_MICROS;
            if (probeDraining) {
                return;
            }
        }
        delay.add(sendMicros, arrivalMicros);
    }

    /** A packet feedback reported lost for the first time. */
    void onLost(long sequence) {
        if (probe.contains(sequence)) {
            probe.onLost();
        }
    }

    /**
     * After one feedback packet's entries: how many packets it newly reported and, net of late
     * arrivals, newly lost.
     */
    void onFeedback(long newlyReported, long newlyLost, long nowMicros) {
        if (!feedbackSeen) {
            feedbackSeen = true;
            stableSinceMicros = nowMicros;
        }
        long delayBased = rateControl.update(delay.usage(), received.bitsPerSecond(), nowMicros);
        long lossBased = lossControl.update(newlyReported, newlyLost, delayBased, nowMicros);
        if (probe.active() && (probe.complete() || nowMicros - probe.sentAtMicros() > PROBE_TIMEOUT_MICROS)) {
            concludeProbe(nowMicros);
            lossBased = lossControl.rateBps();
            delayBased = rateControl.rateBps();
        }
        long next = bounded(Math.min(delayBased, lossBased));
        if (next < estimateBps) {
            stableSinceMicros = nowMicros;
        }
        estimateBps = next;
    }

    /**
     * The subscriber's REMB: caps the estimate from now on, and is where the estimate starts if it
     * came before any transport-cc feedback. 0 lifts the cap.
     */
    void onRemb(long bitrateBps) {
        rembBps = bitrateBps;
        if (!feedbackSeen && bitrateBps > 0) {
            long start = bounded(bitrateBps);
            rateControl.set(start, 0);
            lossControl.set(start);
        }
        estimateBps = bounded(Math.min(rateControl.rateBps(), lossControl.rateBps()));
    }

    long estimateBps() {
        return estimateBps;
    }

    /** What the last successful probe showed the path carries, bits/s; 0 before one succeeded. */
    long probedBps() {
        return probedBps;
    }

    /**
     * The rate a probe cluster sent now should have, bits/s, or 0 when the estimator would rather
     * not probe: before feedback, while a cluster is out, while the estimate is recovering from a
     * cut, or at its cap already.
     */
    long probeTargetBps(long nowMicros) {
        long cap = cap();
        if (!feedbackSeen || probe.active() || estimateBps >= cap
                || nowMicros - stableSinceMicros < STABLE_MICROS) {
            return 0;
        }
        boolean due = probeFurther || !probed || nowMicros - lastProbeMicros >= PROBE_INTERVAL_MICROS;
        return due ? Math.min(cap, PROBE_FACTOR * estimateBps) : 0;
    }

    /**
     * A probe cluster went out: {@code packets} packets from unwrapped sequence {@code
     * firstSequence} on, at {@code rateBps}. Replaces a cluster still awaiting feedback.
     */
    void onProbeSent(long firstSequence, int packets, long rateBps, long nowMicros) {
        probe.start(firstSequence, packets, rateBps, nowMicros);
        probed = true;
        probeFurther = false;
        lastProbeMicros = nowMicros;
        probeSentMicros = nowMicros;
        probeDraining = true;
    }

    private void concludeProbe(long nowMicros) {
        long arrivedBps = probe.finish();
        long result = bounded(Math.min(arrivedBps, probe.rateBps()));
        probeFurther = arrivedBps >= PROBE_SUCCESS_SHARE * probe.rateBps() && result > estimateBps;
        if (probeFurther) {
            rateControl.set(result, nowMicros);
            lossControl.set(result);
            probedBps = result;
        }
    }

    private long cap() {
        return rembBps > 0 ? Math.min(bounds.ceilingBps(), rembBps) : bounds.ceilingBps();
    }

    private long bounded(long bps) {
        return Math.max(bounds.floorBps(), Math.min(cap(), bps));
    }
}
