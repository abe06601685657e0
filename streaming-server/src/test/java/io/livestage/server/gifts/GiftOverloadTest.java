package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.livestage.gifts.Wallet;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.show.Show;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overload path with the real Redis gift store on 127.0.0.1:6379 (a key prefix of this run's own):
 * when a room's or the node's event queue is full, {@code gift.send} is refused with {@code unavailable}
 * before anything is charged, and once there is room again the same key sends and charges exactly once.
 * The rooms' queues are filled deterministically by holding slots as sends in flight would.
 */
class GiftOverloadTest {
    private RedisGiftRoom room;

    @BeforeEach
    void start() {
        room = new RedisGiftRoom(new EventsConfig(50, 2, 3, 64));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    @Test
    void aFullRoomRefusesTheGiftBeforeChargingAndTheSameKeyChargesOnceWhenThereIsRoom() throws Exception {
        try (LocalMember host = room.member("host", Role.CREATOR, false); LocalMember sender = room.member("sam", Role.VIEWER, false)) {
            Show show = room.shows.start(host.session, "storm");
            room.join(show, sender);
            room.credit("sam", 100);
            quiet();

            assertNull(show.reserveGift());
            assertNull(show.reserveGift());
            room.dispatcher.dispatch(sender.session, send(show, 3, "k1"));
            JsonNode refused = sender.next("error");
            assertEquals(3, refused.path("id").asInt());
            assertEquals("unavailable", refused.path("code").asText());
            assertEquals("room_busy", refused.path("reason").asText());
            assertEquals(new Wallet(100, 0), room.wallet("sam"), "nothing was charged");
            assertEquals(new Wallet(0, 0), room.wallet("host"), "nothing was earned");

            show.giftSettled();
            show.giftSettled();
            room.dispatcher.dispatch(sender.session, send(show, 4, "k1"));
            JsonNode sent = sender.next("gift.sent");
            assertEquals(99, sent.path("balance").asLong());
            String txId = sent.path("txId").asText();
            for (LocalMember member : List.of(host, sender)) {
                JsonNode gift = member.next("gift");
                assertEquals(txId, gift.path("txId").asText());
                assertEquals(List.of(), member.all("gift", 300), "each member gets the accepted gift once");
            }
            assertEquals(new Wallet(99, 0), room.wallet("sam"));
            assertEquals(new Wallet(0, 1), room.wallet("host"));
        }
    }

    @Test
    void aFullNodeRefusesAGiftToARoomWithRoomLeft() throws Exception {
        try (LocalMember first = room.member("ann", Role.CREATOR, false); LocalMember second = room.member("bea", Role.CREATOR, false);
             LocalMember sender = room.member("sam", Role.VIEWER, false)) {
            Show busy = room.shows.start(first.session, "busy");
            Show quiet = room.shows.start(second.session, "quiet");
            room.join(quiet, sender);
            room.credit("sam", 10);
            quiet();
            assertNull(busy.reserveGift());
            assertNull(busy.reserveGift());
            assertNull(quiet.reserveGift());

            room.dispatcher.dispatch(sender.session, send(quiet, 5, "k1"));
            JsonNode refused = sender.next("error");
            assertEquals("unavailable", refused.path("code").asText());
            assertEquals("node_busy", refused.path("reason").asText());
            assertEquals(new Wallet(10, 0), room.wallet("sam"));

            busy.giftSettled();
            room.dispatcher.dispatch(sender.session, send(quiet, 6, "k1"));
            assertEquals(9, sender.next("gift.sent").path("balance").asLong());
        }
    }

    /** Waits until the joins' own news (room.viewers) has been written, so the test's slots are all that is held. */
    private void quiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (room.broadcaster.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, room.broadcaster.pending(), "the rooms' events were written");
    }

    private static ClientMessage.GiftSend send(Show show, int id, String key) {
        return new ClientMessage.GiftSend(IntNode.valueOf(id), show.roomId(), "rose", 1, key);
    }
}
