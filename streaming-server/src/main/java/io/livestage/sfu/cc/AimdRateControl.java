package io.livestage.sfu.cc;

/**
 * The delay-based rate (draft-ietf-rmcat-gcc, section 5.5): additive increase near the capacity
 * where queues last built up, multiplicative far from it, a cut to a fraction of what actually
 * arrived on overuse, and a hold while queues drain.
 *
 * <p>The capacity where the last overuses happened is tracked as a running mean and variance of
 * the received rate at those moments (in kbit/s, the unit the variance bounds are meant for).
 * While it is known we are near it: creep up by about a packet per response time, so the queue
 * that will form is small. Once the received rate leaves it by three deviations, up at an
 * increase or down at a cut, the path has changed: forget it and grow by {@link
 * #GROWTH_PER_SECOND} a second until the next overuse measures it again. Not thread-safe: the
 * feedback thread's.
 */
final class AimdRateControl {

    static final double GROWTH_PER_SECOND = 1.08;
    static final double DECREASE_FACTOR = 0.85;
    /**
     * A 1,200-byte packet per response time (a 100 ms round trip plus 100 ms for the detector),
     * the additive step's pace: 48 kbit/s a second.
     */
    static final long ADDITIVE_BPS_PER_SECOND = 1_200 * 8 * 1_000_000L / 200_000;
    /** Once per round trip is enough to see a cut take effect; we assume 200 ms without an RTT. */
    static final long REDUCE_INTERVAL_MICROS = 200_000;
    /** An increase never goes beyond what could be sent on evidence of what arrived. */
    private static final double MAX_OVER_RECEIVED = 1.5;
    private static final long RECEIVED_HEADROOM_BPS = 10_000;
    private static final long MIN_MULTIPLICATIVE_STEP_BPS = 1_000;
    private static final long MAX_INCREASE_STEP_MICROS = 1_000_000;
    private static final double CAPACITY_SMOOTHING = 0.05;
    private static final double MIN_VARIANCE_KBPS = 0.4;
    private static final double MAX_VARIANCE_KBPS = 2.5;
    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long floorBps;
    private final long ceilingBps;
    private long rateBps;
    private State state = State.INCREASE;
    private boolean changed;
    private long lastChangeMicros;
    private boolean decreased;
    private long lastDecreaseMicros;
    private double capacityKbps = -1;
    private double varianceKbps = MIN_VARIANCE_KBPS;

    AimdRateControl(long floorBps, long ceilingBps, long startBps) {
        this.floorBps = floorBps;
        this.ceilingBps = ceilingBps;
        this.rateBps = clamp(startBps);
    }

    /**
     * One feedback's update: the detector's latest verdict and the rate the subscriber received
     * recently (0 when not yet known). Returns the new rate.
     */
    long update(BandwidthUsage usage, long receivedBps, long nowMicros) {
        if (usage == BandwidthUsage.OVERUSING) {
            if (!decreased || nowMicros - lastDecreaseMicros >= REDUCE_INTERVAL_MICROS
                    || (receivedBps > 0 && receivedBps < rateBps / 2)) {
                state = State.DECREASE;
            } else {
                return rateBps;
            }
        } else if (usage == BandwidthUsage.UNDERUSING) {
            state = State.HOLD;
        } else if (state == State.HOLD) {
            state = State.INCREASE;
        }
        if (!changed) {
            changed = true;
            lastChangeMicros = nowMicros;
        }
        if (state == State.INCREASE) {
            increase(receivedBps, nowMicros);
        } else if (state == State.DECREASE) {
            decrease(receivedBps, nowMicros);
        }
        return rateBps;
    }

    /** Sets the rate outright: a probe measured more than the controller had reached. */
    void set(long bps, long nowMicros) {
        rateBps = clamp(bps);
        lastChangeMicros = nowMicros;
        changed = true;
    }

    long rateBps() {
        return rateBps;
    }

    /** Whether the last update ever cut the rate, and when. */
    boolean hasDecreased() {
        return decreased;
    }

    long lastDecreaseMicros() {
        return lastDecreaseMicros;
    }

    /** Whether a capacity measured at past overuses still holds, so increases are additive. */
    boolean nearCapacity() {
        return capacityKbps >= 0;
    }

    private void increase(long receivedBps, long nowMicros) {
        long limit = (long) (MAX_OVER_RECEIVED * receivedBps) + RECEIVED_HEADROOM_BPS;
        if (capacityKbps >= 0 && receivedBps / 1000.0 > capacityKbps + 3 * deviationKbps()) {
            capacityKbps = -1; // arriving well beyond the old capacity: the path has changed
        }
        double seconds = Math.min(nowMicros - lastChangeMicros, MAX_INCREASE_STEP_MICROS) / MICROS_PER_SECOND;
        lastChangeMicros = nowMicros;
        if (receivedBps == 0 || rateBps >= limit) {
            return;
        }
        long step;
        if (nearCapacity()) {
            step = (long) (ADDITIVE_BPS_PER_SECOND * seconds);
        } else {
            step = Math.max(MIN_MULTIPLICATIVE_STEP_BPS,
                    (long) (rateBps * (Math.pow(GROWTH_PER_SECOND, seconds) - 1)));
        }
        rateBps = clamp(Math.min(rateBps + step, limit));
    }

    private void decrease(long receivedBps, long nowMicros) {
        long measured = receivedBps > 0 ? receivedBps : rateBps;
        long target = (long) (DECREASE_FACTOR * measured);
        if (target > rateBps && capacityKbps >= 0) {
            target = (long) (DECREASE_FACTOR * capacityKbps * 1000);
        }
        if (target < rateBps) {
            rateBps = clamp(target);
        }
        if (receivedBps > 0) {
            observeCapacity(receivedBps / 1000.0);
        }
        decreased = true;
        lastDecreaseMicros = nowMicros;
        lastChangeMicros = nowMicros;
        state = State.HOLD;
    }

    private void observeCapacity(double kbps) {
        if (capacityKbps >= 0 && kbps < capacityKbps - 3 * deviationKbps()) {
            capacityKbps = -1; // far below the old capacity: the path has changed
        }
        if (capacityKbps < 0) {
            capacityKbps = kbps;
        } else {
            capacityKbps += CAPACITY_SMOOTHING * (kbps - capacityKbps);
        }
        double error = capacityKbps - kbps;
        varianceKbps = (1 - CAPACITY_SMOOTHING) * varianceKbps
                + CAPACITY_SMOOTHING * error * error / Math.max(capacityKbps, 1);
        varianceKbps = Math.max(MIN_VARIANCE_KBPS, Math.min(MAX_VARIANCE_KBPS, varianceKbps));
    }

    private double deviationKbps() {
        return Math.sqrt(varianceKbps * capacityKbps);
    }

    private long clamp(long bps) {
        return Math.max(floorBps, Math.min(ceilingBps, bps));
    }
}
