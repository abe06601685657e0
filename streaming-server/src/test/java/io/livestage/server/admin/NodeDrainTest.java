package io.livestage.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Draining a node through the server API: {@code /ready} turns 503 {@code draining}, nothing new
 * starts, idle connections are told to reconnect (a viewer once its show ends), and the show in
 * progress goes on; a drain on shutdown stops as soon as the last show ends.
 */
class NodeDrainTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private LiveStageServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServers.start(Map.of());
        api = new ApiClient(server.adminPort(), AuthConfig.DEV_SERVICE_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDrainingNodeFinishesWhatItHasAndStartsNothingNew() throws Exception {
        try (TestClient host = TestClient.as(server, "dr-host", "creator");
             TestClient viewer = TestClient.as(server, "dr-viewer", "viewer");
             TestClient idle = TestClient.as(server, "dr-idle", "viewer");
             TestClient consultant = TestClient.as(server, "dr-consultant", "consultant", true);
             TestClient caller = TestClient.as(server, "dr-caller", "viewer", true);
             TestClient otherHost = TestClient.as(server, "dr-other", "creator")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Last one")).path("roomId").asText();
            viewer.request(TestClient.message("room.join").put("roomId", roomId));
            assertEquals(200, ready().statusCode());

            ApiClient.Answer drained = api.post("/api/node/drain", "");
            assertEquals(200, drained.status(), drained.body().toString());
            assertTrue(drained.body().path("draining").asBoolean());
            assertEquals(1, drained.body().path("shows").asInt());
            assertEquals(drained.body().path("since").asLong(), api.post("/api/node/drain", "").body().path("since").asLong(),
                    "a second call answers the same drain");

            HttpResponse<String> ready = ready();
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"status\":\"draining\""), ready.body());

            refusedWhileDraining(otherHost.request(TestClient.message("show.start").put("title", "Too late")));
            refusedWhileDraining(consultant.request(TestClient.message("consultant.status").put("available", true)));
            refusedWhileDraining(caller.request(TestClient.message("call.request").put("consultantId", "dr-consultant")));

            JsonNode hint = idle.event("reconnect");
            assertEquals("draining", hint.path("reason").asText());
            assertTrue(hint.path("after").asLong() >= 0 && hint.path("after").asLong() < 3_000, hint.toString());

            JsonNode chat = viewer.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "still here"));
            assertEquals("chat", chat.path("type").asText(), "the show in progress goes on: " + chat);
            assertEquals("still here", chat.path("text").asText());

            host.request(TestClient.message("show.end").put("roomId", roomId));
            assertEquals("draining", viewer.event("reconnect").path("reason").asText(), "told once its show ended");
        }
    }

    @Test
    void aDrainOnShutdownStopsWhenTheLastShowEnds() throws Exception {
        try (TestClient host = TestClient.as(server, "ds-host", "creator")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Closing")).path("roomId").asText();
            Thread ender = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    host.request(TestClient.message("show.end").put("roomId", roomId));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ender.start();
            long started = System.nanoTime();
            server.closeAfterDrain(Duration.ofSeconds(20));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            ender.join();
            assertTrue(tookMillis >= 400 && tookMillis < 10_000, "stopped " + tookMillis + " ms after the drain began");
        }
    }

    private HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void refusedWhileDraining(JsonNode reply) {
        assertEquals("unavailable", reply.path("code").asText(), reply.toString());
        assertEquals("draining", reply.path("reason").asText(), reply.toString());
    }
}
