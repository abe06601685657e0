package io.livestage.server;

import io.livestage.signaling.protocol.Versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The assembled server over real HTTP: endpoints, metrics, readiness with real Redis, TLS. */
class LiveStageServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static LiveStageServer start(Map<String, String> overrides) {
        return TestServers.start(overrides);
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReadinessAndTheWebClient() throws Exception {
        try (LiveStageServer server = start(Map.of())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            HttpResponse<String> health = get(HTTP, base + "/health");
            assertEquals(200, health.statusCode());
            assertEquals("up", JSON.readTree(health.body()).path("status").asText());
            HttpResponse<String> ready = get(HTTP, base + "/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("ready", JSON.readTree(ready.body()).path("status").asText());
            assertEquals("up", JSON.readTree(ready.body()).path("checks").path("media").asText());

            HttpResponse<String> page = get(HTTP, base + "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("/ws"));
            assertEquals(404, get(HTTP, base + "/missing.js").statusCode());
            assertEquals(404, get(HTTP, base + "/%2e%2e/%2e%2e/etc/passwd").statusCode());
            assertEquals(404, get(HTTP, base + "/.hidden").statusCode());
            assertEquals(405, post(base + "/health", "").statusCode());
        }
    }

    @Test
    void readinessFollowsRedis() throws Exception {
        try (LiveStageServer server = start(Map.of("LIVESTAGE_REDIS_URI", "redis://127.0.0.1:6379/0"))) {
            HttpResponse<String> ready = get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("up", JSON.readTree(ready.body()).path("checks").path("redis").asText());
        }
        try (LiveStageServer server = start(Map.of("LIVESTAGE_REDIS_URI", "redis://127.0.0.1:1/0"))) {
            HttpResponse<String> ready = get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("not_ready", body.path("status").asText());
            assertEquals("down", body.path("checks").path("redis").asText());
        }
    }

    @Test
    void devTokensWorkForWebSocketAuthAndShowInMetrics() throws Exception {
        try (LiveStageServer server = start(Map.of())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            HttpResponse<String> issued = post(base + "/dev/token", "{\"user\":\"dev1\",\"name\":\"Dev\",\"roles\":[\"creator\"],\"adult\":true}");
            assertEquals(200, issued.statusCode(), issued.body());
            String token = JSON.readTree(issued.body()).path("token").asText();
            assertEquals(400, post(base + "/dev/token", "{\"roles\":[\"creator\"]}").statusCode());
            assertEquals(400, post(base + "/dev/token", "{\"user\":\"x\",\"roles\":[\"king\"]}").statusCode());

            Messages messages = new Messages();
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), messages).join();
            socket.sendText("{\"type\":\"auth\",\"id\":1,\"token\":\"" + token + "\"}", true).join();
            JsonNode welcome = JSON.readTree(messages.next());
            assertEquals("welcome", welcome.path("type").asText());
            assertEquals(Versions.PROTOCOL, welcome.path("protocolVersion").asInt(), welcome.toString());
            assertEquals(Versions.server(), welcome.path("serverVersion").asText(), welcome.toString());
            socket.sendText("{\"type\":\"show.start\",\"id\":2,\"title\":\"Metrics\"}", true).join();
            assertTrue(messages.next().contains("\"show.started\""));

            String metrics = get(HTTP, base + "/metrics").body();
            for (String meter : new String[] {"livestage_connections_open 1.0", "livestage_rooms_live 1.0",
                    "livestage_viewers 0.0", "livestage_messages_in_total{type=\"auth\"} 1.0",
                    "livestage_messages_out_total{type=\"welcome\"} 1.0", "livestage_errors_total{code=\"bad_request\"} 0.0",
                    "jvm_memory_used_bytes{area=\"heap\"", "livestage_process_resident_memory_bytes",
                    "netty_eventexecutor_tasks_pending", "process_files_open_files"}) {
                assertTrue(metrics.contains(meter), "missing " + meter);
            }
            socket.abort();
        }
    }

    @Test
    void devTokenDoesNotExistOutsideDevMode() throws Exception {
        try (LiveStageServer server = start(Map.of("LIVESTAGE_DEV_MODE", "false",
                "LIVESTAGE_AUTH_SECRET", "not-the-dev-secret-but-32-bytes-long!",
                "LIVESTAGE_AUTH_SERVICE_KEY", "not-the-dev-service-key"))) {
            HttpResponse<String> response = post("http://127.0.0.1:" + server.httpPort() + "/dev/token", "{\"user\":\"x\"}");
            assertEquals(404, response.statusCode());
            assertTrue(!AuthConfig.DEV_SECRET.equals(server.config().auth().secret()));
        }
    }

    @Test
    void devModeWithARealSecretIssuesNoDevTokensAndNoFreeCoins() throws Exception {
        try (LiveStageServer server = start(Map.of("LIVESTAGE_AUTH_SECRET", "not-the-dev-secret-but-32-bytes-long!"))) {
            assertTrue(server.config().devMode());
            String base = "http://127.0.0.1:" + server.httpPort();
            assertEquals(404, post(base + "/dev/token", "{\"user\":\"x\",\"roles\":[\"creator\"],\"adult\":true}")
                    .statusCode(), "a token signed with the real secret, for anyone");
            assertEquals(404, post(base + "/dev/credit", "{\"userId\":\"x\",\"coins\":1000}").statusCode());
        }
    }

    @Test
    void selfSignedTlsServesHttpsAndWss() throws Exception {
        try (LiveStageServer server = start(Map.of("LIVESTAGE_TLS_SELF_SIGNED", "true"))) {
            assertTrue(server.tls());
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
            HttpResponse<String> health = get(client, "https://127.0.0.1:" + server.httpPort() + "/health");
            assertEquals(200, health.statusCode());
            Messages messages = new Messages();
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + server.httpPort() + "/ws"), messages).join();
            socket.sendText("{\"type\":\"auth\",\"id\":1,\"token\":\"bad\"}", true).join();
            assertTrue(messages.next().contains("\"unauthorized\""));
            assertEquals(4001, messages.closed.get(5, TimeUnit.SECONDS));
        }
    }

    /** Collects text messages and the close code. */
    static final class Messages implements WebSocket.Listener {
        final java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();

        /** A message the client hands over in parts (it may split any frame): joined before it is queued. */
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                queue.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            closed.complete(statusCode);
            return null;
        }

        String next() throws InterruptedException {
            String message = queue.poll(5, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 5 s");
            }
            return message;
        }
    }

    /** Accepts the dev certificate; for this test only. */
    static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
