package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The headers that keep browsers from misusing our pages, {@code /metrics} on a port of its own,
 * and the Origin allowlist of {@code /ws}, each against the assembled server over real sockets.
 */
class WebSecurityTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theWebClientComesWithAPolicyThatAllowsOnlyItselfAndNoFraming() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of())) {
            String host = "127.0.0.1:" + server.httpPort();
            HttpResponse<String> page = LiveStageServerTest.get(HTTP, "http://" + host + "/");
            assertEquals(200, page.statusCode());
            String policy = page.headers().firstValue("content-security-policy").orElseThrow();
            assertTrue(policy.startsWith("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"), policy);
            assertTrue(policy.contains("connect-src 'self' ws://" + host + " wss://" + host + ";"), policy);
            assertTrue(policy.contains("frame-ancestors 'none'"), policy);
            assertFalse(policy.contains("unsafe"), "no inline script or style, no eval: " + policy);
            assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElseThrow());
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElseThrow());
            assertEquals("no-referrer", page.headers().firstValue("referrer-policy").orElseThrow());
            assertTrue(page.headers().firstValue("strict-transport-security").isEmpty(), "plain HTTP: no HSTS");

            // A test page with an inline script runs it by hash, and nothing else inline.
            String e2e = LiveStageServerTest.get(HTTP, "http://" + host + "/e2e/watch.html").headers()
                    .firstValue("content-security-policy").orElseThrow();
            assertTrue(e2e.matches(".*script-src 'self' 'sha256-[A-Za-z0-9+/]{43}=';.*"), e2e);

            for (String path : new String[] {"/health", "/metrics", "/js/app.js", "/missing"}) {
                HttpResponse<String> other = LiveStageServerTest.get(HTTP, "http://" + host + path);
                assertEquals("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                        other.headers().firstValue("content-security-policy").orElseThrow(), path);
                assertEquals("nosniff", other.headers().firstValue("x-content-type-options").orElseThrow(), path);
            }
        }
    }

    @Test
    void strictTransportSecurityWhenBrowsersComeOverHttps() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_TLS_SELF_SIGNED", "true"))) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new LiveStageServerTest.TrustEverything()}, new SecureRandom());
            HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
            HttpResponse<String> page = LiveStageServerTest.get(client, "https://127.0.0.1:" + server.httpPort() + "/");
            assertEquals("max-age=31536000", page.headers().firstValue("strict-transport-security").orElseThrow());
        }
        // Behind a proxy that terminates TLS the browser's connection is HTTPS too.
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_TLS_TERMINATED_UPSTREAM", "true"))) {
            HttpResponse<String> health = LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/health");
            assertEquals("max-age=31536000", health.headers().firstValue("strict-transport-security").orElseThrow());
        }
    }

    @Test
    void metricsOnAPortOfTheirOwnLeaveThePublicPort() throws Exception {
        int metricsPort = TestServers.freePort();
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_METRICS_PORT", String.valueOf(metricsPort)))) {
            assertEquals(metricsPort, server.metricsPort());
            HttpResponse<String> scrape = LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + metricsPort + "/metrics");
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("content-type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            assertTrue(scrape.body().contains("livestage_connections_open"), "signaling's meters");
            assertTrue(scrape.body().contains("livestage_sfu_"), "the media plane's meters");
            assertEquals(404, LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + metricsPort + "/health").statusCode(),
                    "nothing but /metrics there");
            assertEquals(404, LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/metrics").statusCode(),
                    "no figures on the public port");
            assertEquals(200, LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/health").statusCode());
            assertTrue(TestServers.metric(server, "livestage_connections_open") >= 0);
        }
        try (LiveStageServer server = TestServers.start(Map.of())) {
            assertEquals(server.httpPort(), server.metricsPort(), "0: on the HTTP port, as before");
            assertEquals(200, LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/metrics").statusCode());
        }
    }

    @Test
    void onlyListedOriginsAndOurOwnPagesOpenTheWebSocket() throws Exception {
        try (LiveStageServer server = TestServers.start(
                Map.of("LIVESTAGE_WS_ALLOWED_ORIGINS", "[\"https://app.example.com\"]"))) {
            int port = server.httpPort();
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class,
                    assertThrows(CompletionException.class, () -> open(port, "https://evil.example")).getCause());
            assertEquals(403, refused.getResponse().statusCode());
            assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class,
                    assertThrows(CompletionException.class, () -> open(port, "null")).getCause()).getResponse().statusCode());

            assertAnswers(open(port, "https://app.example.com"));
            assertAnswers(open(port, "http://127.0.0.1:" + port));
            assertAnswers(open(port, null));
        }
        try (LiveStageServer server = TestServers.start(Map.of())) {
            assertAnswers(open(server.httpPort(), "https://anywhere.example"));
        }
    }

    /** Opens {@code /ws} as a page of {@code origin} (null: as a program that sends none). */
    private static LiveStageServerTest.Messages open(int port, String origin) {
        LiveStageServerTest.Messages messages = new LiveStageServerTest.Messages();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), messages).join()
                .sendText("{\"type\":\"auth\",\"id\":1,\"token\":\"bad\"}", true).join();
        return messages;
    }

    /** The connection is a working signaling connection: a bad token gets its error and close code. */
    private static void assertAnswers(LiveStageServerTest.Messages messages) throws Exception {
        assertTrue(messages.next().contains("\"unauthorized\""));
        assertEquals(4001, messages.closed.get(5, TimeUnit.SECONDS));
    }
}
