package io.livestage.sfu.cc;

/**
 * The loss-based rate (draft-ietf-rmcat-gcc, section 6): under 2 % loss the rate may grow by 8 %
 * a second, between 2 and 10 % it holds, above 10 % it is cut by half the loss fraction, at most
 * once per {@link #DECREASE_INTERVAL_MICROS}. It never exceeds the delay-based rate: while loss is
 * low it simply follows it, and after a cut it climbs back from below.
 *
 * <p>Loss is judged over at least {@link #MIN_PACKETS} reported packets, not per feedback: at a
 * few hundred packets a second one feedback covers a dozen, and two random losses among them
 * would look like 15 %. Not thread-safe: the feedback thread's.
 */
final class LossBasedControl {

    static final double LOW_LOSS = 0.02;
    static final double HIGH_LOSS = 0.10;
    static final int MIN_PACKETS = 50;
    static final long DECREASE_INTERVAL_MICROS = 300_000;
    private static final long MAX_INCREASE_STEP_MICROS = 1_000_000;
    private static final long MIN_INCREASE_STEP_BPS = 1_000;
    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private long rateBps;
    private long reported;
    private long lost;
    private boolean evaluated;
    private long lastEvaluationMicros;
    private boolean decreased;
    private long lastDecreaseMicros;

    LossBasedControl(long startBps) {
        this.rateBps = startBps;
    }

    /** One feedback: packets newly reported and, of those, lost; returns the new rate. */
    long update(long newlyReported, long newlyLost, long delayBasedBps, long nowMicros) {
        reported += Math.max(0, newlyReported);
        lost += Math.max(0, newlyLost);
        if (!evaluated) {
            evaluated = true;
            lastEvaluationMicros = nowMicros;
        }
        if (reported >= MIN_PACKETS) {
            evaluate(Math.min(lost, reported) / (double) reported, nowMicros);
            reported = 0;
            lost = 0;
        }
        rateBps = Math.min(rateBps, delayBasedBps);
        return rateBps;
    }

    /** Sets the rate outright: a probe measured more than the controllers had reached. */
    void set(long bps) {
        rateBps = bps;
    }

    long rateBps() {
        return rateBps;
    }

    private void evaluate(double fraction, long nowMicros) {
        long elapsed = Math.min(nowMicros - lastEvaluationMicros, MAX_INCREASE_STEP_MICROS);
        lastEvaluationMicros = nowMicros;
        if (fraction < LOW_LOSS) {
            double growth = Math.pow(AimdRateControl.GROWTH_PER_SECOND, elapsed / MICROS_PER_SECOND) - 1;
            rateBps += Math.max(MIN_INCREASE_STEP_BPS, (long) (rateBps * growth));
        } else if (fraction > HIGH_LOSS && (!decreased || nowMicros - lastDecreaseMicros >= DECREASE_INTERVAL_MICROS)) {
            rateBps = (long) (rateBps * (1 - 0.5 * fraction));
            decreased = true;
            lastDecreaseMicros = nowMicros;
        }
    }
}
