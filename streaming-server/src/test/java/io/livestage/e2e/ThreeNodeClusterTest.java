package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.server.chaos.OwnedRedis;
import io.livestage.server.cluster.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
                credit(c, "tn-c", 50);
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

    private static Map<String, String> settings(OwnedRedis redis) {
        Map<String, String> settings = TestServers.clusterNode(redis.uri(), null, null);
        settings.put("LIVESTAGE_SHOWS_VIEWER_UPDATE_MS", "50");
        return settings;
    }

    private static List<String> texts(TestClient client) throws Exception {
        return client.drain("chat").stream().map(event -> event.path("text").asText()).toList();
    }

    private static void credit(NodeProcess node, String userId, long coins) throws Exception {
        HttpResponse<String> credited = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/dev/credit"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"coins\":" + coins + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, credited.statusCode(), credited.body());
    }
}
