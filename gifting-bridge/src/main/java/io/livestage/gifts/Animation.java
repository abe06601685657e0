package io.livestage.gifts;

import java.util.Objects;
import java.util.Set;

/** How a client plays a gift: small gifts float by, large ones take the screen. */
public record Animation(String url, long durationMs, String tier) {
    private static final Set<String> TIERS = Set.of("small", "medium", "large");

    public Animation {
        Objects.requireNonNull(url, "url");
        if (durationMs <= 0) {
            throw new IllegalArgumentException("animation durationMs must be positive: " + durationMs);
        }
        if (!TIERS.contains(tier)) {
            throw new IllegalArgumentException("animation tier must be one of " + TIERS + ": " + tier);
        }
    }
}
