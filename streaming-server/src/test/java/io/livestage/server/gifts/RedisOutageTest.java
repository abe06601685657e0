package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Redis unreachable, gifts and wallets fail fast as unavailable while shows and chat go on. */
class RedisOutageTest {
    @Test
    void giftsAreUnavailableQuicklyAndEverythingElseWorks() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_REDIS_URI", "redis://127.0.0.1:1/0",
                "LIVESTAGE_GIFTS_COMMAND_TIMEOUT_MS", "500"));
             TestClient host = TestClient.as(server, "outage-host", "creator");
             TestClient fan = TestClient.as(server, "outage-fan", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Still on")).path("roomId").asText();
            fan.request(TestClient.message("room.join").put("roomId", roomId));

            long started = System.nanoTime();
            JsonNode refused = fan.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "rose")
                    .put("count", 1).put("key", "k"));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals("unavailable", refused.path("code").asText(), refused.toString());
            assertTrue(tookMs < 3000, "refused in " + tookMs + " ms");
            for (String secret : List.of("127.0.0.1", "redis://", ":1", "Exception", "io.lettuce")) {
                assertFalse(refused.path("message").asText().contains(secret), "clients learn nothing of Redis: " + refused);
            }
            assertEquals("unavailable", fan.request(TestClient.message("wallet.balance")).path("code").asText());

            JsonNode chat = fan.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "still here"));
            assertEquals("chat", chat.path("type").asText(), "chat keeps working");
            assertEquals("still here", host.event("chat").path("text").asText());

            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            assertEquals("down", TestClient.JSON.readTree(ready.body()).path("checks").path("redis").asText());
        }
    }
}
