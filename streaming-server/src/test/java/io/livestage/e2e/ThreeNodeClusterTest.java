package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.server.cluster.NodeProcess;
import io.livestage.sfu.sdp.SdpFixtures;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.testsupport.OwnedRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three LiveStage processes on this machine (their own HTTP and UDP ports) and a Redis of the test's own: a
 * Chromium publishes a show on node A; Java members on A, B and C and a Chromium viewer on C. C lists the show,
 * the Chromium on C decodes its video through C's relay from A, chat and gifts reach every member once, and
 * when B is killed its member is back in the show, watching, through C within 3 s.
 */
class ThreeNodeClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Long enough for a message to have arrived twice had it been sent twice. */
    private static final long SETTLE_MS = 500;

    @Test
    @Timeout(240)
    void aShowOnOneNodeReachesMembersOnTheOthersAndOutlivesAnEdgeNode() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch();
             NodeProcess a = NodeProcess.start("node-a", settings(redis));
             NodeProcess b = NodeProcess.start("node-b", settings(redis));
             NodeProcess c = NodeProcess.start("node-c", settings(redis));
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = PublishPage.live(publisherBrowser, a.httpPort(), PublishPage.PATH, TIMEOUT);
            String roomId = publisher.roomId();
            try (TestClient onA = TestClient.as(a.httpPort(), "tn-a", "viewer", true);
                 TestClient onB = TestClient.as(b.httpPort(), "tn-b", "viewer", true);
                 TestClient onC = TestClient.as(c.httpPort(), "tn-c", "viewer", true)) {
                JsonNode listed = onC.awaitListed(roomId);
                assertEquals(roomId, listed.path("roomId").asText(), "node A's show, listed on C: " + listed);
                onB.awaitListed(roomId);
                for (TestClient member : List.of(onA, onB, onC)) {
                    JsonNode joined = member.request(TestClient.message("room.join").put("roomId", roomId));
                    assertEquals("room.joined", joined.path("type").asText(), joined.toString());
                }

                WatchPage viewer = new WatchPage(viewerBrowser);
                viewer.open(c.httpPort(), roomId);
                BrowserWatchTest.assertDecodes(viewer, viewer.awaitFirstFrame(TIMEOUT));

                JsonNode sent = onB.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "from B"));
                assertEquals("chat", sent.path("type").asText(), sent.toString());
                TestServers.credit(c.httpPort(), "tn-c", 50);
                JsonNode gift = onC.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "heart")
                        .put("count", 1).put("key", "three-nodes"));
                assertEquals("gift.sent", gift.path("type").asText(), gift.toString());
                Thread.sleep(SETTLE_MS);
                assertEquals(List.of("from B"), texts(onA));
                assertEquals(List.of("from B"), texts(onC));
                assertEquals(List.of(), texts(onB), "the sender has its reply, not a second copy");
                for (TestClient member : List.of(onA, onB, onC)) {
                    List<JsonNode> gifts = member.drain("gift");
                    assertEquals(1, gifts.size(), "one gift event on each node: " + gifts);
                    assertEquals(gift.path("txId").asText(), gifts.get(0).path("txId").asText());
                }

                long killed = System.nanoTime();
                b.kill();
                // The load balancer sends the member's next connection to a node that is up.
                try (TestClient back = TestClient.as(c.httpPort(), "tn-b", "viewer", true)) {
                    JsonNode rejoined = back.request(TestClient.message("room.join").put("roomId", roomId));
                    assertEquals("room.joined", rejoined.path("type").asText(), rejoined.toString());
                    JsonNode offer = back.request(TestClient.message("media.subscribe").put("roomId", roomId));
                    assertEquals("media.offer", offer.path("type").asText(), offer.toString());
                    assertTrue(offer.path("sdp").asText().contains("m=video"), "the show's video is offered: " + offer);
                    long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                    System.out.printf("three nodes: B killed, its member joined again through C and was offered the"
                            + " show's media %d ms later%n", backMillis);
                    assertTrue(backMillis < 3_000, "back within 3 s: " + backMillis + " ms");
                }
                assertTrue(a.alive() && c.alive());
            }
        }
    }

    /**
     * A caller on A and a consultant on B: the call runs on B and is billed; B is killed, and A carries the call
     * on from its record in Redis (the caller told to publish again, now to A); the consultant comes back through
     * C, the minutes go on from the next one, and every minute is charged once: the call's {@code charged} is
     * its ledger's.
     */
    @Test
    @Timeout(120)
    void aCallAcrossNodesIsBilledAndOutlivesTheNodeThatRanIt() throws Exception {
        Map<String, String> calls = Map.of("LIVESTAGE_CALLS_MINUTE_MS", "1000");
        try (OwnedRedis redis = OwnedRedis.launch();
             NodeProcess a = NodeProcess.start("node-a", settings(redis, calls));
             NodeProcess b = NodeProcess.start("node-b", settings(redis, calls));
             NodeProcess c = NodeProcess.start("node-c", settings(redis, calls));
             TestClient caller = TestClient.as(a.httpPort(), "tn-caller", "viewer", true)) {
            TestServers.credit(a.httpPort(), "tn-caller", 1000);
            TestClient consultant = TestClient.as(b.httpPort(), "tn-consultant", "consultant", true);
            consultant.request(TestClient.message("consultant.status").put("available", true));
            JsonNode ringing = caller.request(TestClient.message("call.request").put("consultantId", "tn-consultant"));
            assertEquals("call.ringing", ringing.path("type").asText(), ringing.toString());
            String callId = ringing.path("callId").asText();
            consultant.event("call.incoming");
            JsonNode started = consultant.request(TestClient.message("call.accept").put("callId", callId));
            assertEquals("call.started", started.path("type").asText(), started.toString());
            String roomId = caller.event("call.started").path("roomId").asText();
            JsonNode onB = caller.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertTrue(onB.path("sdp").asText().contains(" " + b.udpPort() + " typ host"), "B runs the call: " + onB);
            assertEquals(10, caller.event("call.billing").path("charged").asLong());
            assertEquals(20, caller.event("call.billing").path("charged").asLong(), "minute 1, a second later");

            long killed = System.nanoTime();
            b.kill();
            JsonNode moved = caller.event("call.started");
            long movedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertEquals(callId, moved.path("callId").asText(), moved.toString());
            assertEquals("away", caller.event("call.peer").path("state").asText(), "the consultant went with B");
            JsonNode onA = caller.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertTrue(onA.path("sdp").asText().contains(" " + a.udpPort() + " typ host"), "A runs it now: " + onA);

            try (TestClient back = TestClient.as(c.httpPort(), "tn-consultant", "consultant", true)) {
                JsonNode resumed = back.request(TestClient.message("call.resume").put("callId", callId));
                assertEquals("call.started", resumed.path("type").asText(), resumed.toString());
                long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertEquals("back", caller.event("call.peer").path("state").asText());
                long charged = 0;
                for (JsonNode billing : caller.drain("call.billing")) {
                    charged = Math.max(charged, billing.path("charged").asLong());
                }
                JsonNode next = caller.event("call.billing");
                assertTrue(next.path("charged").asLong() > Math.max(charged, 20), "minutes go on: " + next);
                JsonNode ended = back.request(TestClient.message("call.end").put("callId", callId));
                assertEquals("call.ended", ended.path("type").asText(), ended.toString());
                long total = ended.path("charged").asLong();
                assertEquals(total, caller.event("call.ended").path("charged").asLong());

                List<Map<String, String>> minutes = redis.stream("livestage:ledger").stream()
                        .filter(entry -> "call_minute".equals(entry.get("kind")) && callId.equals(entry.get("call"))).toList();
                assertEquals(IntStream.range(0, minutes.size()).mapToObj(Integer::toString).toList(),
                        minutes.stream().map(entry -> entry.get("minute")).toList(), "each minute once, in order");
                assertEquals(total, minutes.stream().mapToLong(entry -> Long.parseLong(entry.get("amount"))).sum());
                assertEquals(1000 - total, caller.request(TestClient.message("wallet.balance")).path("balance").asLong());
                System.out.printf("three nodes: the call's node B killed; A carried the call on %d ms later, the"
                        + " consultant was back through C after %d ms; %d minutes charged once each (%d coins)%n",
                        movedMillis, backMillis, minutes.size(), total);
                assertTrue(movedMillis < 3_000, "carried on within 3 s: " + movedMillis + " ms");
            }
        }
    }

    /**
     * The show's node A is killed: the show pauses for its members on B and C (their video stops, nobody hears it
     * end) and goes on when its host comes back through B within the grace period: B carries it on from its
     * record in Redis, answers the host's join and publish, and the members on B and C are in it again without
     * joining again; a member who was on A joins it through C. Then B drains, and the show moves with its host to C.
     */
    @Test
    @Timeout(120)
    void aShowWhoseNodeDiesGoesOnWhenItsHostComesBackThroughAnother() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch();
             NodeProcess a = NodeProcess.start("node-a", settings(redis));
             NodeProcess b = NodeProcess.start("node-b", settings(redis));
             NodeProcess c = NodeProcess.start("node-c", settings(redis));
             TestClient onB = TestClient.as(b.httpPort(), "tn-paused-b", "viewer", true);
             TestClient onC = TestClient.as(c.httpPort(), "tn-paused-c", "viewer", true)) {
            TestClient host = TestClient.as(a.httpPort(), "tn-paused-host", "creator", true);
            String roomId = host.request(TestClient.message("show.start").put("title", "Phoenix")).path("roomId").asText();
            JsonNode published = host.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertEquals("media.answer", published.path("type").asText(), published.toString());
            TestClient onA = TestClient.as(a.httpPort(), "tn-paused-a", "viewer", true);
            onA.request(TestClient.message("room.join").put("roomId", roomId));
            for (TestClient member : List.of(onB, onC)) {
                member.awaitListed(roomId);
                assertEquals("room.joined", member.request(TestClient.message("room.join").put("roomId", roomId))
                        .path("type").asText());
            }

            long killed = System.nanoTime();
            a.kill();
            host.close();
            onA.close();
            assertEquals("gone", onC.event("room.publisher").path("state").asText(), "the host's video stops for C");
            JsonNode paused = onC.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "hello?"));
            assertEquals("show_paused", paused.path("reason").asText(), paused.toString());

            // The host's phone comes back through B; until B has dropped A it may be told to try again.
            try (TestClient hostAgain = TestClient.as(b.httpPort(), "tn-paused-host", "creator", true)) {
                JsonNode joined = joinOnceTheShowsNodeIsDropped(hostAgain, roomId, killed);
                assertEquals("room.joined", joined.path("type").asText(), String.valueOf(joined));
                assertEquals("host", joined.path("role").asText(), joined.toString());
                assertEquals("Phoenix", joined.path("title").asText());
                long backMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                JsonNode answer = hostAgain.request(TestClient.message("media.publish").put("roomId", roomId)
                        .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
                assertTrue(answer.path("sdp").asText().contains(" " + b.udpPort() + " typ host"), "B runs it: " + answer);

                JsonNode chat = hostAgain.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "back"));
                assertEquals("chat", chat.path("type").asText(), chat.toString());
                Thread.sleep(SETTLE_MS);
                assertEquals(List.of("back"), texts(onB), "B's member is in the show as it goes on");
                assertEquals(List.of("back"), texts(onC), "so is C's");
                for (TestClient member : List.of(onB, onC)) {
                    assertEquals(0, member.drain("show.ended").size(), "nobody heard the show end");
                    assertEquals(0, member.drain("room.joined").size(), "nor join it again");
                }
                assertEquals(roomId, onC.awaitListed(roomId).path("roomId").asText(), "C lists it, on B now");
                try (TestClient fromA = TestClient.as(c.httpPort(), "tn-paused-a", "viewer", true)) {
                    JsonNode rejoined = fromA.request(TestClient.message("room.join").put("roomId", roomId));
                    assertEquals("room.joined", rejoined.path("type").asText(), rejoined.toString());
                    assertEquals(3, rejoined.path("viewers").asInt(), "B counts every member: " + rejoined);
                }
                System.out.printf("three nodes: the show's node A killed; its host joined again through B %d ms later"
                        + " and the show went on there for the members on B and C%n", backMillis);

                // Then B drains: the host is sent on, comes back through C, and the show moves there with them.
                HttpResponse<String> drained = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + b.httpPort() + "/api/node/drain"))
                        .header("Authorization", "Bearer " + AuthConfig.DEV_SERVICE_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, drained.statusCode(), drained.body());
                assertEquals("draining", hostAgain.event("reconnect").path("reason").asText());
                hostAgain.close();
                try (TestClient hostOnC = TestClient.as(c.httpPort(), "tn-paused-host", "creator", true)) {
                    JsonNode moved = hostOnC.request(TestClient.message("room.join").put("roomId", roomId));
                    assertEquals("host", moved.path("role").asText(), moved.toString());
                    JsonNode onCAnswer = hostOnC.request(TestClient.message("media.publish").put("roomId", roomId)
                            .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
                    assertTrue(onCAnswer.path("sdp").asText().contains(" " + c.udpPort() + " typ host"),
                            "C runs it now: " + onCAnswer);
                    hostOnC.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "on C"));
                    Thread.sleep(SETTLE_MS);
                    assertEquals(List.of("on C"), texts(onB), "B's member, now on an edge of C");
                    assertEquals(List.of("on C"), texts(onC));
                    assertEquals("draining", onB.event("reconnect").path("reason").asText(), "and sent on by B");
                    for (TestClient member : List.of(onB, onC)) {
                        assertEquals(0, member.drain("show.ended").size(), "the show went on through the drain");
                    }
                }
            }
        }
    }

    /**
     * The show's node A stalls (SIGSTOP) past the cluster's expiry: B takes it for dead, the host's phone comes back
     * through B, and B carries the show on. Then A runs again, with its own copy of the show and a viewer still
     * connected to it. Two copies must not go on, the host in one and A's viewer alone in the other: A finds the
     * show is B's now and lets its copy go without an end, its viewer kept in the show through A as an edge of B.
     */
    @Test
    @Timeout(90)
    void aStalledNodeLetsGoOfAShowCarriedOnElsewhereMeanwhile() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch();
             NodeProcess a = NodeProcess.start("node-a", settings(redis));
             NodeProcess b = NodeProcess.start("node-b", settings(redis));
             TestClient host = TestClient.as(a.httpPort(), "tn-stall-host", "creator", true);
             TestClient onA = TestClient.as(a.httpPort(), "tn-stall-a", "viewer", true);
             TestClient onB = TestClient.as(b.httpPort(), "tn-stall-b", "viewer", true)) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Frozen")).path("roomId").asText();
            assertEquals("room.joined", onA.request(TestClient.message("room.join").put("roomId", roomId))
                    .path("type").asText());
            onB.awaitListed(roomId);
            assertEquals("room.joined", onB.request(TestClient.message("room.join").put("roomId", roomId))
                    .path("type").asText());

            long stalled = System.nanoTime();
            a.pause();
            assertEquals("gone", onB.event("room.publisher").path("state").asText(), "B took A for dead");
            try (TestClient hostAgain = TestClient.as(b.httpPort(), "tn-stall-host", "creator", true)) {
                JsonNode joined = joinOnceTheShowsNodeIsDropped(hostAgain, roomId, stalled);
                assertEquals("host", joined.path("role").asText(), "B carries the show on: " + joined);
                long resumed = System.nanoTime();
                a.resume();

                // A lets its copy go: its viewer hears the host (on B) again.
                boolean heard = false;
                for (int i = 0; !heard && System.nanoTime() - resumed < TimeUnit.SECONDS.toNanos(15); i++) {
                    hostAgain.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "anyone on A? " + i));
                    Thread.sleep(200);
                    heard = !texts(onA).isEmpty();
                }
                assertTrue(heard, "A's viewer never heard the host on B: A kept a show of its own");
                long followed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed);
                Thread.sleep(SETTLE_MS);
                texts(onA);
                texts(onB);
                texts(hostAgain);

                hostAgain.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "one show"));
                JsonNode fromA = onA.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "from A"));
                assertEquals("chat", fromA.path("type").asText(), fromA.toString());
                Thread.sleep(SETTLE_MS);
                assertEquals(List.of("one show"), texts(onA), "A's viewer hears the host once");
                assertEquals(List.of("one show", "from A"), texts(onB));
                assertEquals(List.of("from A"), texts(hostAgain), "the host hears A's viewer");
                JsonNode listedOnA = onA.awaitListed(roomId);
                for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                     listedOnA.path("viewers").asInt() != 2 && System.nanoTime() < until; ) {
                    Thread.sleep(100);
                    listedOnA = onA.awaitListed(roomId);
                }
                assertEquals(2, listedOnA.path("viewers").asInt(), "A lists B's show, not a copy of its own: " + listedOnA);
                for (TestClient member : List.of(onA, onB)) {
                    assertEquals(0, member.drain("show.ended").size(), "nobody heard the show end");
                }
                System.out.printf("a node stalled %d ms: its host went on through B; A let its copy of the show go and"
                        + " its viewer heard the host again %d ms after A ran again%n",
                        TimeUnit.NANOSECONDS.toMillis(resumed - stalled), followed);
            }
        }
    }

    /**
     * The host's {@code room.join} through another node, asked again while it answers {@code unavailable} (until
     * that node has dropped the show's node, {@code since} when it went), for up to 20 s.
     */
    private static JsonNode joinOnceTheShowsNodeIsDropped(TestClient host, String roomId, long since) throws Exception {
        JsonNode joined = null;
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(20)) {
            joined = host.request(TestClient.message("room.join").put("roomId", roomId));
            if (!"unavailable".equals(joined.path("code").asText())) {
                break;
            }
            Thread.sleep(250);
        }
        return joined;
    }

    private static Map<String, String> settings(OwnedRedis redis, Map<String, String> more) {
        Map<String, String> settings = settings(redis);
        settings.putAll(more);
        return settings;
    }

    private static Map<String, String> settings(OwnedRedis redis) {
        Map<String, String> settings = TestServers.clusterNode(redis.uri(), null, null);
        settings.put("LIVESTAGE_SHOWS_VIEWER_UPDATE_MS", "50");
        return settings;
    }

    private static List<String> texts(TestClient client) throws Exception {
        return client.drain("chat").stream().map(event -> event.path("text").asText()).toList();
    }

}
