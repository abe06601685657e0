package io.livestage.gifts.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.GiftEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamEventsTest {
    @Test
    void readsEveryDocumentedField() {
        Map<String, String> fields = Map.of("room", "r1", "txId", "t1", "from", "u1", "fromName", "Ann", "to", "c1",
                "gift", "rose", "count", "3", "combo", "7", "amount", "3", "ts", "1700000000123");
        assertEquals(new GiftEvent("r1", "t1", "u1", "Ann", "c1", "rose", 3, 7, 3, 1_700_000_000_123L),
                StreamEvents.parse("1700000000124-0", fields).orElseThrow());
    }

    @Test
    void defaultsWhatThePlatformLeavesOut() {
        assertEquals(new GiftEvent("r1", "1700000000124-5", "", "", "", "rose", 1, 1, 0, 1_700_000_000_124L),
                StreamEvents.parse("1700000000124-5", Map.of("room", "r1", "gift", "rose")).orElseThrow());
    }

    @Test
    void skipsEntriesThatAreNotGifts() {
        assertTrue(StreamEvents.parse("1-0", Map.of("gift", "rose")).isEmpty());
        assertTrue(StreamEvents.parse("1-0", Map.of("room", "r1")).isEmpty());
        assertTrue(StreamEvents.parse("1-0", Map.of("room", "r1", "gift", "rose", "count", "many")).isEmpty());
    }

    @Test
    void streamInfoGivesTheEndAndTheEntriesEverAdded() {
        List<Object> reply = List.of("length", 2L, "radix-tree-keys", 1L, "last-generated-id", "1700000000124-1",
                "max-deleted-entry-id", "0-0", "entries-added", 9L, "first-entry", List.of());
        assertEquals(new StreamInfo("1700000000124-1", 9), StreamInfo.of(reply));
    }
}
