package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.signaling.show.ModerationState;
import io.livestage.sfu.sdp.SdpFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A show hosted on node A with members on node B, two assembled nodes sharing the real Redis at
 * 127.0.0.1:6379 under a key prefix of this run's own: members on B join through B, and chat, likes, viewer
 * counts, gifts, moderation and the show's end reach every member on either node exactly once, with the
 * origin deciding what it decides for its own members.
 */
class ClusterShowTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    /** Long enough for a message to have arrived twice had it been sent twice. */
    private static final long SETTLE_MS = 300;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void roomEventsReachMembersOnEveryNodeOnce() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient host = TestClient.as(a, "cs-host", "creator", true);
             TestClient near = TestClient.as(a, "cs-near", "viewer", true);
             TestClient far = TestClient.as(b, "cs-far", "viewer", true);
             TestClient farToo = TestClient.as(b, "cs-far-too", "viewer", true)) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Across")).path("roomId").asText();
            near.request(join(roomId));
            far.awaitListed(roomId);

            JsonNode joined = far.request(join(roomId));
            assertEquals("room.joined", joined.path("type").asText(), joined.toString());
            assertEquals("cs-host", joined.path("hostId").asText());
            assertEquals("Across", joined.path("title").asText());
            assertEquals(2, joined.path("viewers").asInt(), "the origin counts its own viewers and B's");
            assertTrue(joined.path("acceptsGifts").asBoolean());
            assertEquals(3, farToo.request(join(roomId)).path("viewers").asInt());
            assertEquals(3, viewersOnceSettled(host), "viewer counts cover both nodes");
            assertEquals(3, viewersOnceSettled(farToo));
            assertEquals(3, near.awaitListed(roomId).path("viewers").asInt(), "show.list on A counts B's viewers");

            // Chat from the origin and from the edge: each member gets each message once, the sender its reply only.
            chat(host, roomId, "hello from A");
            chat(far, roomId, "hello from B");
            settle();
            assertEquals(List.of("hello from B"), texts(host));
            assertEquals(List.of("hello from A", "hello from B"), texts(near));
            assertEquals(List.of("hello from A"), texts(far), "the sender on B gets its own message as the reply only");
            assertEquals(List.of("hello from A", "hello from B"), texts(farToo));

            // A member on B who blocked someone does not get their messages; the others do.
            farToo.request(TestClient.message("user.block").put("userId", "cs-near").put("blocked", true));
            chat(near, roomId, "from near");
            settle();
            assertEquals(List.of(), texts(farToo));
            assertEquals(List.of("from near"), texts(far));

            // Likes from B are counted by the origin and announced everywhere.
            far.send(TestClient.message("like.send").put("roomId", roomId));
            JsonNode likes = farToo.event("likes");
            assertEquals(1, likes.path("total").asLong(), likes.toString());
            assertEquals(1, host.event("likes").path("total").asLong());

            // A gift sent on B is charged once and shown once to every member on either node.
            TestServers.credit(b.httpPort(), "cs-far", 100);
            JsonNode sent = far.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "heart")
                    .put("count", 2).put("key", "g1"));
            assertEquals("gift.sent", sent.path("type").asText(), sent.toString());
            assertEquals(90, sent.path("balance").asLong());
            settle();
            for (TestClient member : new TestClient[] {host, near, far, farToo}) {
                List<JsonNode> gifts = member.drain("gift");
                assertEquals(1, gifts.size(), "one gift event each: " + gifts);
                assertEquals(sent.path("txId").asText(), gifts.get(0).path("txId").asText());
            }
            assertEquals(10, host.request(TestClient.message("wallet.balance")).path("earnings").asLong());

            // The origin moderates members on B: muted, their chat is refused; removed, they are let go on B.
            assertEquals("room.moderated", host.request(moderate(roomId, "cs-far", "mute")).path("type").asText());
            JsonNode muted = far.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "still here?"));
            assertEquals("forbidden", muted.path("code").asText(), muted.toString());
            assertEquals("muted", muted.path("reason").asText());
            assertEquals("mute", far.event("room.moderated").path("action").asText(), "the target learns of it");
            host.request(moderate(roomId, "cs-far", "remove"));
            assertEquals("removed", far.event("room.removed").path("reason").asText());
            JsonNode notMember = far.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "hi"));
            assertEquals("forbidden", notMember.path("code").asText(), notMember.toString());
            JsonNode back = far.request(join(roomId));
            assertEquals("removed", back.path("reason").asText(), "a removed member cannot come back through B: " + back);
            assertEquals(2, viewersOnceSettled(near));

            // Leaving on B, then the show's end: the last member on B gets show.ended once.
            assertEquals("room.left", farToo.request(TestClient.message("room.leave").put("roomId", roomId)).path("type").asText());
            assertEquals(1, viewersOnceSettled(host));
            farToo.request(join(roomId));
            host.request(TestClient.message("show.end").put("roomId", roomId));
            settle();
            List<JsonNode> ended = farToo.drain("show.ended");
            assertEquals(1, ended.size(), ended.toString());
            assertEquals("host_ended", ended.get(0).path("reason").asText());
            assertEquals(0, far.drain("show.ended").size(), "a member put out earlier is told nothing more");
            JsonNode gone = farToo.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "anyone?"));
            assertTrue(List.of("not_found", "forbidden").contains(gone.path("code").asText()), gone.toString());
        }
    }

    @Test
    void viewersOnAnEdgeAreServedThereThroughOneRelayFromTheShowsNode() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient host = TestClient.as(a, "cs-host4", "creator");
             TestClient far = TestClient.as(b, "cs-far4", "viewer");
             TestClient farToo = TestClient.as(b, "cs-far5", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Media")).path("roomId").asText();
            far.awaitListed(roomId);
            JsonNode early = far.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("forbidden", early.path("code").asText(), "join first: " + early);
            far.request(join(roomId));
            farToo.request(join(roomId));

            for (TestClient viewer : new TestClient[] {far, farToo}) {
                JsonNode offer = viewer.request(TestClient.message("media.subscribe").put("roomId", roomId));
                assertEquals("media.offer", offer.path("type").asText(), offer.toString());
                assertTrue(offer.path("sdp").asText().contains(" " + b.sfu().udpPort() + " typ host"),
                        "served by the edge: " + offer);
                JsonNode layer = viewer.request(TestClient.message("media.layer")
                        .put("subscriptionId", offer.path("subscriptionId").asText()).put("layer", "low"));
                assertEquals("media.ok", layer.path("type").asText(), layer.toString());
            }
            awaitSubscriptions(a, 1, "one relay to the edge, whatever its audience");
            assertEquals(2, b.sfu().subscriptionCount());
            JsonNode publish = far.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", "v=0\r\n"));
            assertEquals("forbidden", publish.path("code").asText(), "nobody publishes through an edge: " + publish);

            far.request(TestClient.message("room.leave").put("roomId", roomId));
            awaitSubscriptions(b, 1, "a viewer leaving on the edge drops its media there");
            assertEquals(1, a.sfu().subscriptionCount(), "the relay stays while the edge has a viewer");
            farToo.request(TestClient.message("room.leave").put("roomId", roomId));
            awaitSubscriptions(a, 0, "the relay closes when the edge's last viewer leaves");
            assertEquals(0, b.sfu().subscriptionCount());
        }
    }

    private static void awaitSubscriptions(LiveStageServer node, int count, String why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (node.sfu().subscriptionCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, node.sfu().subscriptionCount(), why);
    }

    @Test
    void aShowJustStartedOnOneNodeIsJoinedAtOnceThroughAnother() throws Exception {
        // Heartbeats far apart: only the renewal at show.start and the lookup on a miss can find the show.
        Map<String, String> slow = Map.of("LIVESTAGE_CLUSTER_HEARTBEAT_MS", "10000", "LIVESTAGE_CLUSTER_EXPIRY_MS", "30000");
        try (LiveStageServer a = node("node-a", slow); LiveStageServer b = node("node-b", slow);
             TestClient host = TestClient.as(a, "cs-host6", "creator");
             TestClient far = TestClient.as(b, "cs-far6", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Fresh")).path("roomId").asText();
            JsonNode joined = far.request(join(roomId));
            assertEquals("room.joined", joined.path("type").asText(), "joined without waiting for a heartbeat: " + joined);
            JsonNode missing = far.request(join("r-no-such-show"));
            assertEquals("not_found", missing.path("code").asText(), missing.toString());
        }
    }

    /**
     * The host's phone drops and its next connection lands on the other node: it takes the host's seat back
     * through that node before the grace period ends, publishes there (served by the show's node) and ends the
     * show from there; the show's viewers never see it end in between.
     */
    @Test
    void aHostWhoseReconnectLandsOnAnotherNodeKeepsTheShowGoing() throws Exception {
        Map<String, String> grace = Map.of("LIVESTAGE_SHOWS_HOST_GRACE_MS", "1500");
        try (LiveStageServer a = node("node-a", grace); LiveStageServer b = node("node-b", grace);
             TestClient viewer = TestClient.as(a, "cs-viewer7", "viewer")) {
            TestClient host = TestClient.as(a, "cs-host7", "creator");
            String roomId = host.request(TestClient.message("show.start").put("title", "Bumpy")).path("roomId").asText();
            viewer.request(join(roomId));
            host.close();
            try (TestClient hostAgain = TestClient.as(b, "cs-host7", "creator")) {
                JsonNode joined = hostAgain.request(join(roomId));
                assertEquals("room.joined", joined.path("type").asText(), joined.toString());
                assertEquals("host", joined.path("role").asText(), joined.toString());

                JsonNode answer = hostAgain.request(TestClient.message("media.publish").put("roomId", roomId)
                        .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
                assertEquals("media.answer", answer.path("type").asText(), answer.toString());
                assertTrue(answer.path("sdp").asText().contains(" " + a.sfu().udpPort() + " typ host"),
                        "the show's node serves the host's media: " + answer);

                Thread.sleep(2_000);
                assertEquals(0, viewer.drain("show.ended").size(), "the grace period passed with the host back");
                JsonNode ended = hostAgain.request(TestClient.message("show.end").put("roomId", roomId));
                assertEquals("show.ended", ended.path("type").asText(), ended.toString());
                assertEquals("host_ended", viewer.event("show.ended").path("reason").asText());
            }
        }
    }

    @Test
    void membersOnANodeThatLeavesAreNoLongerCounted() throws Exception {
        try (LiveStageServer a = node("node-a"); TestClient host = TestClient.as(a, "cs-host2", "creator", true)) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Leaving")).path("roomId").asText();
            try (LiveStageServer b = node("node-b"); TestClient far = TestClient.as(b, "cs-far2", "viewer")) {
                far.awaitListed(roomId);
                assertEquals("room.joined", far.request(join(roomId)).path("type").asText());
                assertEquals(1, viewersOnceSettled(host));
                b.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int viewers;
            do {
                Thread.sleep(100);
                viewers = host.request(TestClient.message("show.list")).path("shows").get(0).path("viewers").asInt();
            } while (viewers != 0 && System.nanoTime() < deadline);
            assertEquals(0, viewers, "the viewer on the node that left is no longer counted");
        }
    }

    @Test
    void membersOnAnEdgeHearTheShowEndWhenItsNodeShutsDown() throws Exception {
        try (LiveStageServer b = node("node-b"); TestClient far = TestClient.as(b, "cs-far3", "viewer")) {
            String roomId;
            try (LiveStageServer a = node("node-a"); TestClient host = TestClient.as(a, "cs-host3", "creator")) {
                roomId = host.request(TestClient.message("show.start").put("title", "Closing")).path("roomId").asText();
                far.awaitListed(roomId);
                assertEquals("room.joined", far.request(join(roomId)).path("type").asText());
                a.close();
            }
            assertEquals("server_shutdown", far.event("show.ended").path("reason").asText());
            JsonNode again = far.request(join(roomId));
            assertEquals("not_found", again.path("code").asText(), again.toString());
        }
    }

    /**
     * Node A drains: its show's host is told to reconnect, comes back through B, and the show moves to B with
     * them: B answers the host's join and publish, the members on either node stay in the show without hearing
     * it end (the one on A is told to reconnect too, and is served by A as an edge of B meanwhile), and chat
     * reaches everyone once.
     */
    @Test
    void aDrainingNodesShowMovesWithItsHost() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient viewerA = TestClient.as(a, "cs-viewer-a", "viewer");
             TestClient viewerB = TestClient.as(b, "cs-viewer-b", "viewer")) {
            TestClient host = TestClient.as(a, "cs-host8", "creator", true);
            String roomId = host.request(TestClient.message("show.start").put("title", "Moving")).path("roomId").asText();
            viewerA.request(join(roomId));
            viewerB.awaitListed(roomId);
            viewerB.request(join(roomId));
            host.send(TestClient.message("like.send").put("roomId", roomId));
            viewerB.event("likes");

            drain(a);
            assertEquals("draining", host.event("reconnect").path("reason").asText(), "the host is sent on at once");
            host.close();

            try (TestClient hostAgain = TestClient.as(b, "cs-host8", "creator", true)) {
                JsonNode joined = hostAgain.request(join(roomId));
                assertEquals("room.joined", joined.path("type").asText(), joined.toString());
                assertEquals("host", joined.path("role").asText(), joined.toString());
                assertEquals("Moving", joined.path("title").asText());
                assertEquals(1, joined.path("likes").asLong(), "the show's likes came along: " + joined);
                JsonNode answer = hostAgain.request(TestClient.message("media.publish").put("roomId", roomId)
                        .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
                assertEquals("media.answer", answer.path("type").asText(), answer.toString());
                assertTrue(answer.path("sdp").asText().contains(" " + b.sfu().udpPort() + " typ host"),
                        "B runs the show now: " + answer);
                assertEquals("draining", viewerA.event("reconnect").path("reason").asText(),
                        "A's viewer is sent on too, once the show went");

                chat(hostAgain, roomId, "still live");
                chat(viewerA, roomId, "from A");
                settle();
                assertEquals(List.of("still live", "from A"), texts(viewerB));
                assertEquals(List.of("still live"), texts(viewerA));
                assertEquals(List.of("from A"), texts(hostAgain));
                for (TestClient viewer : List.of(viewerA, viewerB)) {
                    assertEquals(0, viewer.drain("show.ended").size(), "nobody hears the show end");
                    assertEquals(0, viewer.drain("room.joined").size(), "nor join it again");
                }
                JsonNode listed = viewerB.awaitListed(roomId);
                assertEquals(2, viewersOnceSettled(hostAgain), "both viewers counted by B: " + listed);

                assertEquals("show.ended", hostAgain.request(TestClient.message("show.end").put("roomId", roomId))
                        .path("type").asText());
                assertEquals("host_ended", viewerA.event("show.ended").path("reason").asText());
                assertEquals("host_ended", viewerB.event("show.ended").path("reason").asText());
            }
        }
    }

    /**
     * What the show's moderation holds in memory moves with it: after its node drained and the host came back
     * through B, the show goes on there with the same slow mode, banned words, pin, mute, moderator and put-out
     * viewer. Lost, each would have opened a hole a troll could use the moment a show moves (a muted viewer
     * talking again, a removed one walking back in).
     */
    @Test
    void aShowsModerationMovesWithIt() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient loud = TestClient.as(b, "cs-loud", "viewer");
             TestClient troll = TestClient.as(b, "cs-troll", "viewer");
             TestClient mod = TestClient.as(b, "cs-mod", "viewer");
             TestClient talker = TestClient.as(b, "cs-talker", "viewer")) {
            TestClient host = TestClient.as(a, "cs-host11", "creator", true);
            String roomId = host.request(TestClient.message("show.start").put("title", "Ruled")).path("roomId").asText();
            loud.awaitListed(roomId);
            for (TestClient viewer : List.of(loud, troll, mod, talker)) {
                assertEquals("room.joined", viewer.request(join(roomId)).path("type").asText());
            }
            ObjectNode settings = TestClient.message("room.settings").put("roomId", roomId).put("slowModeSeconds", 30);
            settings.putArray("bannedWords").add("spoiler");
            assertEquals("room.settings", host.request(settings).path("type").asText());
            assertEquals("room.pinned", host.request(TestClient.message("room.pin").put("roomId", roomId)
                    .put("text", "be kind")).path("type").asText());
            for (String[] step : new String[][] {{"cs-loud", "mute"}, {"cs-troll", "remove"}, {"cs-mod", "promote"}}) {
                JsonNode done = host.request(moderate(roomId, step[0], step[1]));
                assertEquals("room.moderated", done.path("type").asText(), done.toString());
            }
            assertEquals("removed", troll.event("room.removed").path("reason").asText());
            // Written as it changed, so a node that dies without a hand-over leaves it for the node that carries on.
            try (RedisCommandLink link = new RedisCommandLink(REDIS, "cs-test", Duration.ofSeconds(2))) {
                ModerationState recorded = new RedisShowStore(link, prefix).find(roomId).toCompletableFuture()
                        .get(2, TimeUnit.SECONDS).orElseThrow().moderation();
                assertEquals(new ModerationState(Set.of("cs-mod"), Set.of("cs-loud"), Set.of("cs-troll"), 30,
                        List.of("spoiler"), recorded.pinned()), recorded);
                assertEquals("be kind", recorded.pinned().text());
            }

            drain(a);
            assertEquals("draining", host.event("reconnect").path("reason").asText());
            host.close();

            try (TestClient hostAgain = TestClient.as(b, "cs-host11", "creator", true)) {
                JsonNode joined = hostAgain.request(join(roomId));
                assertEquals("host", joined.path("role").asText(), joined.toString());
                assertEquals(30, joined.path("slowModeSeconds").asInt(), "slow mode moved: " + joined);
                assertEquals("be kind", joined.path("pinned").path("text").asText(), "the pin moved: " + joined);

                JsonNode muted = loud.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "LOUD"));
                assertEquals("muted", muted.path("reason").asText(), "the mute moved: " + muted);
                JsonNode banned = talker.request(TestClient.message("chat.send").put("roomId", roomId)
                        .put("text", "a spoiler: it was a dream"));
                assertEquals("banned_word", banned.path("reason").asText(), "the show's banned words moved: " + banned);
                chat(talker, roomId, "hello");
                JsonNode slowed = talker.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "again"));
                assertEquals("slow_mode", slowed.path("reason").asText(), "slow mode holds: " + slowed);
                JsonNode back = troll.request(join(roomId));
                assertEquals("forbidden", back.path("code").asText(), "the removed viewer stays out: " + back);
                JsonNode unmuted = mod.request(moderate(roomId, "cs-loud", "unmute"));
                assertEquals("room.moderated", unmuted.path("type").asText(), "the moderator still moderates: " + unmuted);
                chat(loud, roomId, "thanks");
            }
        }
    }

    /**
     * Node A stalls past the cluster's expiry (its registry entry gone: here deleted, as a long pause or a lost
     * Redis would leave it): B takes it for dead and pauses A's show for its member; when A is listed again the
     * show goes on from A for that member, who never heard it end.
     */
    @Test
    void aShowPausedForANodeTakenForDeadGoesOnWhenThatNodeIsBack() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient host = TestClient.as(a, "cs-host9", "creator");
             TestClient far = TestClient.as(b, "cs-far9", "viewer");
             RedisLink redis = new RedisLink()) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Stalling")).path("roomId").asText();
            far.awaitListed(roomId);
            assertEquals("room.joined", far.request(join(roomId)).path("type").asText());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean paused = false;
            while (!paused && System.nanoTime() < deadline) {
                redis.sync().del(prefix + ":{cluster}:node:node-a");
                redis.sync().zrem(prefix + ":{cluster}:nodes", "node-a");
                Thread.sleep(20);
                paused = far.drain("room.publisher").stream().anyMatch(event -> "gone".equals(event.path("state").asText()));
            }
            assertTrue(paused, "B took A for dead and paused its show");
            JsonNode refused = far.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "hello?"));
            assertEquals("show_paused", refused.path("reason").asText(), refused.toString());

            // A renews its entry at its next heartbeat: B lists it again and the show goes on from there.
            JsonNode chat = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                chat = far.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "back?"));
                if ("chat".equals(chat.path("type").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("chat", chat.path("type").asText(), String.valueOf(chat));
            assertEquals("back?", host.event("chat").path("text").asText(), "the host hears B's member again");
            assertEquals(0, far.drain("show.ended").size(), "the show never ended for B's member");
        }
    }

    /** A connection of the test's own to the Redis the nodes share. */
    private static final class RedisLink implements AutoCloseable {
        private final RedisClient client = RedisClient.create(REDIS);
        private final StatefulRedisConnection<String, String> connection = client.connect();

        io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
            return connection.sync();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    private LiveStageServer node(String id) {
        return node(id, Map.of());
    }

    private LiveStageServer node(String id, Map<String, String> overrides) {
        Map<String, String> settings = TestServers.clusterNode(REDIS, prefix, id);
        settings.put("LIVESTAGE_SHOWS_VIEWER_UPDATE_MS", "50");
        settings.put("LIVESTAGE_ROOM_LIKES_UPDATE_MS", "50");
        settings.putAll(overrides);
        return TestServers.start(settings);
    }

    /** {@code POST /api/node/drain} with the service key. */
    private static void drain(LiveStageServer node) throws Exception {
        HttpResponse<String> drained = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.adminPort() + "/api/node/drain"))
                .header("Authorization", "Bearer " + AuthConfig.DEV_SERVICE_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, drained.statusCode(), drained.body());
    }

    private static ObjectNode join(String roomId) {
        return TestClient.message("room.join").put("roomId", roomId);
    }

    private static ObjectNode moderate(String roomId, String userId, String action) {
        return TestClient.message("room.moderate").put("roomId", roomId).put("userId", userId).put("action", action);
    }

    private static void chat(TestClient client, String roomId, String text) throws Exception {
        JsonNode reply = client.request(TestClient.message("chat.send").put("roomId", roomId).put("text", text));
        assertEquals("chat", reply.path("type").asText(), reply.toString());
        assertEquals(text, reply.path("text").asText());
    }

    /** The chat texts the client got as events so far, in order (its own replies are not events). */
    private static List<String> texts(TestClient client) throws Exception {
        return client.drain("chat").stream().map(event -> event.path("text").asText()).toList();
    }

    /** The last viewer count the client was told, once the counts stopped changing. */
    private static int viewersOnceSettled(TestClient client) throws Exception {
        settle();
        List<JsonNode> counts = client.drain("room.viewers");
        assertTrue(!counts.isEmpty(), "no room.viewers event");
        return counts.get(counts.size() - 1).path("count").asInt();
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MS);
    }

}
