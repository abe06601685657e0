package io.livestage.server.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gifts: the catalog people pick from and the rules of sending.
 *
 * @param comboWindowMs    the same sender sending the same gift again within this raises its combo
 * @param maxCount         most gifts of one kind in one send
 * @param commandTimeoutMs a Redis command slower than this fails with {@code unavailable}
 * @param keyPrefix        prefix of every Redis key, so several deployments can share a Redis
 */
public record GiftsConfig(long comboWindowMs, int maxCount, long commandTimeoutMs, String keyPrefix,
                          List<Entry> catalog) {
    /** One gift of the catalog. */
    public record Entry(String giftId, String name, long price, Animation animation) {
        public Entry {
            if (giftId == null || giftId.isBlank() || name == null || name.isBlank() || price < 1 || animation == null) {
                throw new IllegalArgumentException("each gift needs giftId, name, a price of at least 1 and an animation");
            }
        }
    }

    /** How clients animate a gift: the asset, how long it plays, and how big ("small", "medium", "large"). */
    public record Animation(String url, long durationMs, String tier) {
        public Animation {
            if (url == null || url.isBlank() || durationMs < 1 || !Set.of("small", "medium", "large").contains(tier)) {
                throw new IllegalArgumentException("a gift animation needs a url, a positive durationMs and tier small, medium or large");
            }
        }
    }

    public GiftsConfig {
        if (comboWindowMs < 1 || maxCount < 1 || commandTimeoutMs < 1) {
            throw new IllegalArgumentException("gifts.comboWindowMs, gifts.maxCount and gifts.commandTimeoutMs must be positive");
        }
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("gifts.keyPrefix must be set");
        }
        catalog = List.copyOf(catalog == null ? List.of() : catalog);
        Set<String> ids = new HashSet<>();
        for (Entry entry : catalog) {
            if (!ids.add(entry.giftId())) {
                throw new IllegalArgumentException("gift id " + entry.giftId() + " appears twice in gifts.catalog");
            }
        }
    }
}
