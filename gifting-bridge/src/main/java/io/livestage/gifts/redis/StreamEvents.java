package io.livestage.gifts.redis;

import io.livestage.gifts.GiftEvent;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a gift event from an entry of the gifts stream. Entries the platform writes directly need only
 * {@code room} and {@code gift}; missing fields default (txId to the entry id, ts to the entry id's time,
 * count and combo to 1, amount to 0, names and users to empty).
 */
final class StreamEvents {
    private StreamEvents() {
    }

    /** The event, or empty when the entry is not a usable gift event. */
    static Optional<GiftEvent> parse(String entryId, Map<String, String> fields) {
        String room = fields.get("room");
        String gift = fields.get("gift");
        if (room == null || room.isBlank() || gift == null || gift.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GiftEvent(room, fields.getOrDefault("txId", entryId),
                    fields.getOrDefault("from", ""), fields.getOrDefault("fromName", ""),
                    fields.getOrDefault("to", ""), gift, Integer.parseInt(fields.getOrDefault("count", "1")),
                    Integer.parseInt(fields.getOrDefault("combo", "1")),
                    Long.parseLong(fields.getOrDefault("amount", "0")),
                    Long.parseLong(fields.getOrDefault("ts", entryMillis(entryId)))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The millisecond part of a stream id ("1712345678901-0"). */
    static String entryMillis(String entryId) {
        int dash = entryId.indexOf('-');
        return dash < 0 ? entryId : entryId.substring(0, dash);
    }
}
