package io.livestage.signaling.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.metrics.RoomEventMetrics;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Session;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A room's tick buffer on its own: members are sessions over embedded channels, the test plays the room's
 * executor and runs the ticks itself, and every frame a member got is read back and parsed.
 */
class RoomEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);
    private final Set<Session> members = new LinkedHashSet<>();
    private final Map<Session, EmbeddedChannel> channels = new HashMap<>();

    @Test
    void eventsOfManyTicksReachEveryMemberOnceEachInTheOrderTheyHappened() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 1000, 1000, 64));
        RoomEvents events = room(node, "r1");
        Session batched = member("ann", true);
        Session separate = member("bob", false);
        int sent = 0;
        for (int tick = 0; tick < 5; tick++) {
            // 0, 1, then several events per tick: alone, a single event stays as it is.
            for (int i = 0; i <= tick * 3 && i < 10; i++) {
                events.add(gift("r1", sent++));
            }
            events.flush();
        }
        List<String> expected = IntStream.range(0, sent).mapToObj(i -> "tx" + i).toList();
        assertEquals(expected, txIds(batched));
        assertEquals(expected, txIds(separate));
        assertEquals(0, events.held(), "every slot is given back once the loops have written the tick");
        assertEquals(0, node.pending());
    }

    @Test
    void aBatchReaderGetsOneFramePerTickAndOthersOneFramePerEvent() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 1000, 1000, 64));
        RoomEvents events = room(node, "r1");
        Session batched = member("ann", true);
        Session separate = member("bob", false);
        events.add(gift("r1", 0));
        events.flush();
        events.add(gift("r1", 1));
        events.add(new ServerMessage.RoomViewers("r1", 2));
        events.add(gift("r1", 2));
        events.flush();

        List<JsonNode> ann = frames(batched);
        assertEquals(2, ann.size());
        assertEquals("gift", ann.get(0).path("type").asText(), "an event alone in its tick goes as it is");
        JsonNode batch = ann.get(1);
        assertEquals("room.events", batch.path("type").asText());
        assertEquals("r1", batch.path("roomId").asText());
        assertEquals(3, batch.path("events").size());
        assertEquals(JSON.readTree(codec.encode(gift("r1", 1))), batch.path("events").get(0),
                "a batched event is the single event's own object");
        assertEquals("room.viewers", batch.path("events").get(1).path("type").asText());
        assertEquals(4, frames(separate).size(), "a client that did not ask for batches gets one frame per event");
    }

    @Test
    void aLongTickIsSplitIntoFramesOfAtMostTheConfiguredNumberOfEvents() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 1000, 1000, 4));
        RoomEvents events = room(node, "r1");
        Session batched = member("ann", true);
        for (int i = 0; i < 10; i++) {
            events.add(gift("r1", i));
        }
        events.flush();
        List<JsonNode> got = frames(batched);
        assertEquals(List.of(4, 4, 2), got.stream().map(frame -> frame.path("events").size()).toList());
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "tx" + i).toList(), txIds(got));
    }

    @Test
    void aMemberSkipsWhatItBlockedAndTheSenderItsOwnCopyWhileOthersShareOneFrame() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 1000, 1000, 64));
        RoomEvents events = room(node, "r1");
        Session author = member("ann", true);
        Session blocker = member("bob", true);
        Session other = member("cat", true);
        Session legacy = member("dan", false);
        blocker.blocked().add("ann");
        events.add(chat("r1", "ann", "one"), author, member -> member.blocked().contains("ann"));
        events.add(gift("r1", 0));
        events.add(chat("r1", "cat", "two"), other, member -> member.blocked().contains("cat"));
        events.flush();

        assertEquals(List.of("gift", "chat:two"), labels(frames(author)));
        assertEquals(List.of("gift", "chat:two"), labels(frames(blocker)));
        assertEquals(List.of("chat:one", "gift"), labels(frames(other)));
        assertEquals(List.of("chat:one", "gift", "chat:two"), labels(frames(legacy)));
    }

    @Test
    void aMemberThatLeftBeforeTheTickGetsNothingAndAClosingOneStopsTheOthersNot() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 1000, 1000, 64));
        RoomEvents events = room(node, "r1");
        Session stays = member("ann", true);
        Session leaves = member("bob", true);
        Session closing = member("cat", true);
        events.add(gift("r1", 0));
        members.remove(leaves);
        closing.close(Session.CLOSE_POLICY, "client too slow");
        events.flush();
        assertEquals(List.of("tx0"), txIds(stays));
        assertTrue(frames(leaves).isEmpty());
        assertEquals(0, events.held());
    }

    @Test
    void reservationsBeyondTheRoomsLimitAreRefusedAndFreedOnceTheTickIsWritten() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 3, 100, 64));
        RoomEvents events = room(node, "r1");
        Session viewer = member("ann", true);
        assertNull(events.tryReserve());
        assertNull(events.tryReserve());
        events.arriving();
        assertEquals(RoomEventMetrics.ROOM_BUSY, events.tryReserve(), "two sends in flight and one charged gift fill it");
        assertEquals(3, events.held(), "a refusal takes nothing");
        events.release();
        events.release();
        assertNull(events.tryReserve(), "a settled send frees its slot");
        // The charged gift's slot (arriving) and the settled send's new one carry the two events.
        events.addReserved(gift("r1", 0), null, null);
        events.addReserved(gift("r1", 1), null, null);
        assertEquals(2, events.held());
        events.add(new ServerMessage.RoomViewers("r1", 1));
        events.add(new ServerMessage.RoomViewers("r1", 2));
        assertEquals(4, events.held(), "the room's own news is counted, never refused");
        assertEquals(RoomEventMetrics.ROOM_BUSY, events.tryReserve());
        events.flush();
        assertEquals(0, events.held());
        assertNull(events.tryReserve());
        assertEquals(List.of("tx0", "tx1"), txIds(viewer));
    }

    @Test
    void theNodesLimitHoldsOverAllItsRooms() {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 3, 4, 64));
        RoomEvents first = room(node, "r1");
        RoomEvents second = room(node, "r2");
        for (int i = 0; i < 3; i++) {
            assertNull(first.tryReserve());
        }
        assertNull(second.tryReserve());
        assertEquals(RoomEventMetrics.NODE_BUSY, second.tryReserve());
        assertEquals(1, second.held(), "a refusal by the node gives the room's slot back");
        assertEquals(4, node.pending());
        first.release();
        assertNull(second.tryReserve());
    }

    @Test
    void aClosedRoomSendsWhatItGatheredThenTakesNothingMore() throws Exception {
        Broadcaster node = new Broadcaster(codec, metrics, new EventsConfig(50, 10, 10, 64));
        RoomEvents events = room(node, "r1");
        Session viewer = member("ann", true);
        events.add(gift("r1", 0));
        events.add(new ServerMessage.ShowEnded(null, "r1", "host_ended"));
        events.close();
        boolean[] written = {false};
        events.whenWritten(() -> written[0] = true);
        assertTrue(written[0], "the last tick was written by every loop it went to");
        assertNull(events.tryReserve());
        events.addReserved(gift("r1", 1), null, null);
        events.flush();
        assertEquals(List.of("gift", "show.ended"), labels(frames(viewer)));
        assertEquals(0, events.held(), "an event refused after the end gives its slot back");
        assertFalse(viewer.isClosing());
    }

    private RoomEvents room(Broadcaster node, String roomId) {
        return node.room(roomId, new EmbeddedChannel().eventLoop(), members::forEach);
    }

    private Session member(String userId, boolean readsBatches) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Session session = new Session("s-" + userId, channel, codec, metrics);
        session.authenticate(new Identity(userId, userId, Set.of(Role.VIEWER), true, null));
        session.readsBatches(readsBatches);
        members.add(session);
        channels.put(session, channel);
        return session;
    }

    private static ServerMessage.Gift gift(String roomId, int n) {
        return new ServerMessage.Gift(roomId, "tx" + n, new ServerMessage.Person("u" + n, "U" + n),
                new ServerMessage.Recipient("host"), "rose", 1, 1, null, 1000L + n);
    }

    private static ServerMessage.Chat chat(String roomId, String from, String text) {
        return new ServerMessage.Chat(null, roomId, new ServerMessage.Person(from, from), text, 1L, from + "-" + text);
    }

    /** Every frame the member's channel got, in order, parsed. */
    private List<JsonNode> frames(Session session) throws Exception {
        EmbeddedChannel channel = channels.get(session);
        channel.runPendingTasks();
        // What a client's decoder makes of the bytes: tick frames are written whole, header included.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            client.writeInbound(out);
        }
        List<JsonNode> frames = new ArrayList<>();
        for (Object in = client.readInbound(); in != null; in = client.readInbound()) {
            TextWebSocketFrame text = (TextWebSocketFrame) in;
            frames.add(JSON.readTree(text.text()));
            text.release();
        }
        return frames;
    }

    private List<String> txIds(Session session) throws Exception {
        return txIds(frames(session));
    }

    /** The events of the frames, batches unpacked, as "type" or "chat:text". */
    private static List<String> labels(List<JsonNode> frames) {
        List<String> labels = new ArrayList<>();
        for (JsonNode event : unpack(frames)) {
            String type = event.path("type").asText();
            labels.add(type.equals("chat") ? "chat:" + event.path("text").asText() : type);
        }
        return labels;
    }

    private static List<String> txIds(List<JsonNode> frames) {
        return unpack(frames).stream().filter(e -> e.path("type").asText().equals("gift"))
                .map(e -> e.path("txId").asText()).toList();
    }

    private static List<JsonNode> unpack(List<JsonNode> frames) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode frame : frames) {
            if (frame.path("type").asText().equals("room.events")) {
                frame.path("events").forEach(events::add);
            } else {
                events.add(frame);
            }
        }
        return events;
    }
}
