package io.livestage.signaling.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What an edge and an origin say to each other survives the wire: requests, identities, audiences. */
class ShowRelayTest {
    private final List<BusMessage> sent = new ArrayList<>();
    private final ClusterBus recording = new ClusterBus() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void send(BusMessage message) {
            sent.add(message);
        }

        @Override
        public void receive(Consumer<BusMessage> receiver) {
        }
    };
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final ShowRelay edge = new ShowRelay("node-b", recording, codec);
    private final ShowRelay origin = new ShowRelay("node-a", recording, codec);

    @Test
    void everyForwardedRequestReadsBackAsTheClientSentIt() {
        Identity who = new Identity("u1", "Ann", Set.of(Role.VIEWER, Role.CREATOR), true, null);
        List<ClientMessage> requests = List.of(
                new ClientMessage.RoomJoin(IntNode.valueOf(1), "r1"),
                new ClientMessage.RoomLeave(TextNode.valueOf("two"), "r1"),
                new ClientMessage.ChatSend(IntNode.valueOf(3), "r1", "hello \"world\" ✓"),
                new ClientMessage.LikeSend(null, "r1"),
                new ClientMessage.ReportSend(IntNode.valueOf(5), "r1", "m7", "spam"),
                new ClientMessage.RoomMembers(IntNode.valueOf(6), "r1", "u0", 20),
                new ClientMessage.RoomModerate(IntNode.valueOf(7), "r1", "u2", "mute"),
                new ClientMessage.RoomSettings(IntNode.valueOf(8), "r1", 5, List.of("spoiler")),
                new ClientMessage.RoomPin(IntNode.valueOf(9), "r1", "pinned"),
                new ClientMessage.RoomPin(IntNode.valueOf(10), "r1", null),
                new ClientMessage.MediaSubscribe(IntNode.valueOf(11), "r1"),
                new ClientMessage.MediaAnswer(IntNode.valueOf(12), "sub-1", "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n"),
                new ClientMessage.MediaCandidate(IntNode.valueOf(13), "r1", "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0"),
                new ClientMessage.MediaRestart(IntNode.valueOf(14), "r1"),
                new ClientMessage.MediaLayer(IntNode.valueOf(15), "sub-1", "low"),
                new ClientMessage.MediaUnsubscribe(IntNode.valueOf(16), "sub-1"));
        for (ClientMessage request : requests) {
            edge.request("r1", "node-a", "s1", who, request);
            BusMessage message = sent.remove(0);
            assertEquals(BusMessage.Kind.REQUEST, message.kind());
            assertTrue(message.isFor("node-a") && !message.isFor("node-b") && !message.isFor("node-c"));
            assertEquals(request, origin.decodeRequest(message), message.body());
            Identity read = origin.identityOf(message);
            assertEquals(who.userId(), read.userId());
            assertEquals(who.name(), read.name());
            assertEquals(who.roles(), read.roles());
            assertTrue(read.adult());
        }
    }

    @Test
    void anEventCarriesWhoGetsItToEveryEdge() {
        RemoteMember sender = new RemoteMember(origin, "r1", "node-b", "s9", new Identity("u9", "Bo", Set.of(), false, null));
        origin.event("r1", new ServerMessage.Likes("r1", 1, 2), null, new Audience(sender, "u9", Set.of("u1", "u2")), true);
        BusMessage message = sent.remove(0);
        assertTrue(message.body().contains("\"type\":\"likes\""), "encoded here when no one had: " + message.body());
        assertTrue(message.isFor("node-b") && message.isFor("node-c") && !message.isFor("node-a"),
                "a room event is for every node but its origin");
        ShowRelay.EdgeAudience atB = edge.audienceOf(message);
        assertEquals("likes", atB.type(), "the type travels beside the body");
        assertEquals("s9", atB.exceptSession(), "the sender's own node leaves it out");
        assertEquals("u9", atB.blockersOf());
        assertEquals(Set.of("u1", "u2"), atB.onlyUsers());
        assertTrue(atB.ends());
        ShowRelay.EdgeAudience atC = new ShowRelay("node-c", recording, codec).audienceOf(message);
        assertNull(atC.exceptSession(), "on any other node nobody is left out for it");

        byte[] encoded = codec.encode(new ServerMessage.RoomViewers("r1", 3));
        origin.event("r1", new ServerMessage.RoomViewers("r1", 3), encoded, Audience.EVERYONE, false);
        BusMessage viewers = sent.remove(0);
        assertEquals(new String(encoded, java.nio.charset.StandardCharsets.UTF_8), viewers.body(),
                "the bytes this node's members got, not encoded again");
        ShowRelay.EdgeAudience everyone = edge.audienceOf(viewers);
        assertEquals("room.viewers", everyone.type());
        assertNull(everyone.exceptSession());
        assertNull(everyone.blockersOf());
        assertNull(everyone.onlyUsers());
        assertTrue(!everyone.ends());
    }
}
