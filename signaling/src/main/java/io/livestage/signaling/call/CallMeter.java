package io.livestage.signaling.call;

/**
 * A call's billing arithmetic, free of threads and timers: the "both connected" clock, which
 * minutes were charged, and what the caller's money still covers. Minute n (from 0) starts when
 * that clock reaches n × minuteMs. Owned by the call's executor.
 */
final class CallMeter {
    private final long minuteMs;
    private final long rate;
    /** Connected time before the current run; the run began at {@code runningSince} (-1: stopped). */
    private long activeMillis;
    private long runningSince = -1;
    private int minutesCharged;
    private long charged;
    private long balance;

    CallMeter(long minuteMs, long rate) {
        this.minuteMs = minuteMs;
        this.rate = rate;
    }

    /** A meter as a call record left it: stopped at {@code activeMillis}, {@code minutesCharged} paid. */
    static CallMeter restored(long minuteMs, long rate, long activeMillis, int minutesCharged, long charged, long balance) {
        CallMeter meter = new CallMeter(minuteMs, rate);
        meter.activeMillis = activeMillis;
        meter.minutesCharged = minutesCharged;
        meter.charged = charged;
        meter.balance = balance;
        return meter;
    }

    boolean running() {
        return runningSince >= 0;
    }

    void run(long now) {
        if (runningSince < 0) {
            runningSince = now;
        }
    }

    void stop(long now) {
        if (runningSince >= 0) {
            activeMillis = elapsed(now);
            runningSince = -1;
        }
    }

    long elapsed(long now) {
        return runningSince < 0 ? activeMillis : activeMillis + now - runningSince;
    }

    /** The next minute to charge (0 before any). */
    int nextMinute() {
        return minutesCharged;
    }

    /** Clock time until the next minute starts; ≤ 0 when it already has. */
    long untilNextMinute(long now) {
        return minutesCharged * minuteMs - elapsed(now);
    }

    void charged(int minute, long callTotal, long balanceAfter) {
        minutesCharged = minute + 1;
        charged = callTotal;
        balance = balanceAfter;
    }

    long charged() {
        return charged;
    }

    long balance() {
        return balance;
    }

    /** Seconds the call can still run: the rest of the paid minute plus whole minutes the balance pays. */
    long secondsLeft(long now) {
        long paidLeft = Math.max(0, untilNextMinute(now));
        return (paidLeft + (balance / rate) * minuteMs) / 1000;
    }

    long durationSec(long now) {
        return elapsed(now) / 1000;
    }
}
