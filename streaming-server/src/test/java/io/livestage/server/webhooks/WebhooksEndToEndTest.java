package io.livestage.server.webhooks;

import static io.livestage.server.webhooks.RedisOutboxFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The assembled server on the real Redis, driven over WebSocket as phones drive it: a show starts, a
 * viewer sends a gift, the host bans a viewer and ends the show; the platform's receiver gets
 * {@code show.started}, {@code gift.sent}, {@code user.banned} and {@code show.ended}, signed, in that
 * order, with what each says. A receiver failing at first changes nothing but the time it takes.
 */
class WebhooksEndToEndTest {
    private final RedisOutboxFixture redis = new RedisOutboxFixture();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final WebhookReceiver receiver = new WebhookReceiver(RedisOutboxFixture.SECRET);

    @AfterEach
    void cleanUp() {
        receiver.close();
        redis.close();
    }

    @Test
    void aShowItsGiftAndABanReachThePlatformSignedAndInOrder() throws Exception {
        receiver.script((n, id) -> n <= 2 ? WebhookReceiver.Answer.status(503) : WebhookReceiver.Answer.ok());
        String endpoints = TestClient.JSON.writeValueAsString(List.of(Map.of("name", "platform", "url", receiver.url(),
                "secret", RedisOutboxFixture.SECRET, "events", List.of("show.started", "show.ended", "gift.sent",
                        "user.banned"))));
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_REDIS_URI", RedisOutboxFixture.REDIS,
                "LIVESTAGE_GIFTS_KEY_PREFIX", redis.prefix, "LIVESTAGE_WEBHOOKS_ENDPOINTS", endpoints,
                "LIVESTAGE_WEBHOOKS_RETRY_INITIAL_MS", "20", "LIVESTAGE_WEBHOOKS_RETRY_MAX_MS", "200"));
             TestClient host = TestClient.as(server, "host-" + run, "creator", true);
             TestClient fan = TestClient.as(server, "fan-" + run, "viewer", true);
             TestClient troll = TestClient.as(server, "troll-" + run, "viewer", true)) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Webhooks live"))
                    .path("roomId").asText();
            fan.request(TestClient.message("room.join").put("roomId", roomId));
            troll.request(TestClient.message("room.join").put("roomId", roomId));
            HttpResponse<String> credited = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + "/dev/credit"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"fan-" + run + "\",\"coins\":100}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, credited.statusCode(), credited.body());
            JsonNode sent = fan.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "heart")
                    .put("count", 3).put("key", "k1"));
            assertEquals("gift.sent", sent.path("type").asText(), sent.toString());
            JsonNode retried = fan.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "heart")
                    .put("count", 3).put("key", "k1"));
            assertEquals(sent.path("txId").asText(), retried.path("txId").asText());
            JsonNode banned = host.request(TestClient.message("room.moderate").put("roomId", roomId)
                    .put("userId", "troll-" + run).put("action", "ban"));
            assertEquals("room.moderated", banned.path("type").asText(), banned.toString());
            host.request(TestClient.message("show.end").put("roomId", roomId));

            await("four events", Duration.ofSeconds(30), () -> receiver.accepted().size() >= 4);
            Thread.sleep(300);
            List<WebhookReceiver.Request> requests = receiver.requests();
            List<String> delivered = receiver.accepted();
            assertEquals(4, delivered.size(), "the retried gift is one event: " + requests);
            RedisWebhookDeliveryTest.assertDeliveredInOrder(delivered, requests);
            assertEquals(List.of("show.started", "gift.sent", "user.banned", "show.ended"),
                    delivered.stream().map(id -> body(requests, id).path("type").asText()).toList());

            JsonNode started = body(requests, delivered.get(0));
            assertEquals(roomId, started.path("data").path("roomId").asText());
            assertEquals("host-" + run, started.path("data").path("hostId").asText());
            assertEquals("Webhooks live", started.path("data").path("title").asText());
            assertTrue(Instant.parse(started.path("createdAt").asText()).isAfter(Instant.now().minusSeconds(60)));
            JsonNode gift = body(requests, delivered.get(1)).path("data");
            assertEquals(sent.path("txId").asText(), gift.path("txId").asText());
            assertEquals("fan-" + run, gift.path("fromUserId").asText());
            assertEquals("host-" + run, gift.path("toUserId").asText());
            assertEquals("heart", gift.path("giftId").asText());
            assertEquals(3, gift.path("count").asInt());
            assertEquals(15, gift.path("coins").asLong());
            JsonNode ban = body(requests, delivered.get(2)).path("data");
            assertEquals("troll-" + run, ban.path("userId").asText());
            assertEquals("creator", ban.path("scope").asText());
            assertEquals("host-" + run, ban.path("creatorId").asText());
            JsonNode ended = body(requests, delivered.get(3)).path("data");
            assertEquals(roomId, ended.path("roomId").asText());
            assertEquals("host_ended", ended.path("reason").asText());
            await("the node's count of deliveries", Duration.ofSeconds(10), () -> delivered(server) == 4);
        }
    }

    private static double delivered(LiveStageServer server) {
        try {
            return TestServers.metric(server, "livestage_webhooks_deliveries_total{endpoint=\"platform\",outcome=\"delivered\"}");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read /metrics", e);
        }
    }

    private static JsonNode body(List<WebhookReceiver.Request> requests, String deliveryId) {
        return WebhookReceiver.parse(requests.stream().filter(r -> r.deliveryId().equals(deliveryId)).findFirst()
                .orElseThrow().body());
    }
}
