package io.livestage.signaling.config;

/**
 * Paid 1:1 consultations.
 *
 * @param minuteMs      length of a billed minute; 60000 except in tests and load simulations
 * @param ringTimeoutMs how long a consultant is rung before the call ends with {@code no_answer}
 * @param graceMs       how long a call waits for a participant whose connection dropped
 * @param minRate       lowest per-minute rate a consultant's token may carry, in coins
 * @param maxRate       highest per-minute rate
 * @param defaultRate   the rate of a consultant whose token carries none
 */
public record CallsConfig(long minuteMs, long ringTimeoutMs, long graceMs, long minRate, long maxRate, long defaultRate) {
    public CallsConfig {
        Checks.positive(minuteMs, "calls.minuteMs");
        Checks.positive(ringTimeoutMs, "calls.ringTimeoutMs");
        Checks.positive(graceMs, "calls.graceMs");
        Checks.positive(minRate, "calls.minRate");
        if (maxRate < minRate) {
            throw new IllegalArgumentException("calls.maxRate (" + maxRate + ") must not be below calls.minRate (" + minRate + ")");
        }
        if (defaultRate < minRate || defaultRate > maxRate) {
            throw new IllegalArgumentException("calls.defaultRate must be within calls.minRate..calls.maxRate");
        }
    }

    /** Whether a rate from a token may be charged. */
    public boolean allows(long rate) {
        return rate >= minRate && rate <= maxRate;
    }
}
