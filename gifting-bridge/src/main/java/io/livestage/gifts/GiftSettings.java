package io.livestage.gifts;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the bridge: how long a combo stays open after a gift, the largest count one send may carry,
 * and how long a Redis command may take before the request fails as unavailable.
 */
public record GiftSettings(long comboWindowMs, int maxCount, Duration commandTimeout) {
    public GiftSettings {
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (comboWindowMs <= 0 || maxCount < 1 || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("invalid gift settings: window " + comboWindowMs + " ms, max count "
                    + maxCount + ", timeout " + commandTimeout);
        }
    }

    public static GiftSettings defaults() {
        return new GiftSettings(5_000, 99, Duration.ofSeconds(1));
    }
}
