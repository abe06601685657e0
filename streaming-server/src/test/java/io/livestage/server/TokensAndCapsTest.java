package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The assembled server configured through its environment variables: dev tokens carry the
 * {@code iss}, {@code aud} and lifetime its configuration expects, and the connection caps apply.
 */
class TokensAndCapsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void devTokensCarryWhatTheConfigurationExpects() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_AUTH_ISSUER", "https://platform.test",
                "LIVESTAGE_AUTH_AUDIENCE", "stage-test", "LIVESTAGE_AUTH_MAX_TOKEN_LIFETIME_MS", "600000"))) {
            HttpResponse<String> issued = LiveStageServerTest.post("http://127.0.0.1:" + server.httpPort() + "/dev/token",
                    "{\"user\":\"dana\",\"roles\":[\"viewer\"]}");
            assertEquals(200, issued.statusCode(), issued.body());
            String token = TestClient.JSON.readTree(issued.body()).path("token").asText();
            JsonNode claims = TestClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8));
            assertEquals("https://platform.test", claims.path("iss").asText());
            assertEquals("stage-test", claims.path("aud").asText());
            assertEquals(600, claims.path("exp").asLong() - claims.path("iat").asLong(),
                    "the dev sign-in's 12 h, shortened to what the server accepts");

            try (TestClient client = TestClient.as(server, "dana", "viewer")) {
                JsonNode pong = client.request(TestClient.message("ping"));
                assertEquals("pong", pong.path("type").asText(), "the dev token was accepted");
            }
        }
    }

    @Test
    void theCapsComeFromTheEnvironment() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_LIMITS_MAX_CONNECTIONS", "2",
                "LIVESTAGE_LIMITS_MAX_CONNECTIONS_PER_USER", "1"))) {
            try (TestClient first = TestClient.as(server, "ed", "viewer")) {
                assertEquals("pong", first.request(TestClient.message("ping")).path("type").asText());
                LiveStageServerTest.Messages second = new LiveStageServerTest.Messages();
                WebSocket secondSocket = HTTP.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), second).join();
                secondSocket.sendText("{\"type\":\"auth\",\"id\":1,\"token\":\"" + devToken(server, "ed") + "\"}", true).join();
                JsonNode refused = TestClient.JSON.readTree(second.next());
                assertEquals("rate_limited", refused.path("code").asText(), refused.toString());
                assertEquals(4029, second.closed.get(5, TimeUnit.SECONDS));
                awaitConnections(server, 1);
                try (TestClient other = TestClient.as(server, "fay", "viewer")) {
                    assertEquals("pong", other.request(TestClient.message("ping")).path("type").asText());
                    CompletionException full = assertThrows(CompletionException.class, () -> HTTP.newWebSocketBuilder()
                            .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                                    new WebSocket.Listener() { }).join());
                    WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, full.getCause());
                    assertEquals(503, handshake.getResponse().statusCode());
                }
            }
            assertTrue(TestServers.metric(server, "livestage_connections_refused_total{cap=\"node\"}") >= 1);
            assertEquals(1.0, TestServers.metric(server, "livestage_connections_refused_total{cap=\"user\"}"));
        }
    }

    private static String devToken(LiveStageServer server, String user) throws Exception {
        HttpResponse<String> issued = LiveStageServerTest.post("http://127.0.0.1:" + server.httpPort() + "/dev/token",
                "{\"user\":\"" + user + "\",\"roles\":[\"viewer\"]}");
        return TestClient.JSON.readTree(issued.body()).path("token").asText();
    }

    /** Closed connections give their places back once the server has seen them go. */
    private static void awaitConnections(LiveStageServer server, int open) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (TestServers.metric(server, "livestage_connections_open") != open) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("still " + TestServers.metric(server, "livestage_connections_open")
                        + " connections open, expected " + open);
            }
            Thread.sleep(50);
        }
    }
}
