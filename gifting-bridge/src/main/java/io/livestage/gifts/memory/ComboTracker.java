package io.livestage.gifts.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Open combos of one room: a sender repeating a gift before the window closes adds to the combo; each
 * gift reopens the window. Not thread-safe: the store calls it under its lock.
 */
final class ComboTracker {
    private record Key(String senderId, String giftId) {
    }

    private record Combo(int value, long closesAt) {
    }

    private final Map<Key, Combo> open = new HashMap<>();

    int add(String senderId, String giftId, int count, long now, long windowMs) {
        Key key = new Key(senderId, giftId);
        Combo current = open.get(key);
        int value = current != null && current.closesAt() > now ? current.value() + count : count;
        open.put(key, new Combo(value, now + windowMs));
        return value;
    }

    /** Drops the user's open combos (erasure). */
    void forget(String senderId) {
        open.keySet().removeIf(key -> key.senderId().equals(senderId));
    }
}
