package io.livestage.loadtest.gifts;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingListener;
import java.util.BitSet;

/**
 * One member's view of its room's gifts: every {@code gift} event is looked up by txId, timed and
 * remembered, so a second event with the same txId counts as a duplicate. Runs on the connection's event
 * loop only, so the bit set needs no lock.
 */
final class GiftMember implements SignalingListener {

    private final GiftBook book;
    private final GiftCounters counters;
    private final BitSet seen = new BitSet();
    private volatile String roomId;

    GiftMember(GiftBook book, GiftCounters counters) {
        this.book = book;
        this.counters = counters;
    }

    /** The room this member is in, once the server said so. */
    void joined(String room) {
        roomId = room;
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if (!"gift".equals(message.path("type").asText())) {
            return;
        }
        long received = System.nanoTime();
        if (!message.path("roomId").asText().equals(roomId)) {
            counters.misrouted.increment();
            return;
        }
        SentGift gift = book.gift(message.path("txId").asText());
        if (seen.get(gift.index)) {
            counters.duplicates.increment();
            return;
        }
        seen.set(gift.index);
        counters.delivered.increment();
        gift.delivered(received, book.latencyMicros());
    }
}
