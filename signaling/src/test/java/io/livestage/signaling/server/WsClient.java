package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that queues what the server sends, for assertions. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long WAIT_MS = 5000;

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static WsClient connect(int port) {
        WsClient client = new WsClient();
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client).join();
        return client;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next message, whatever it is. */
    JsonNode next() {
        try {
            JsonNode message = messages.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(message, "no message within " + WAIT_MS + " ms");
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message of the type, skipping others (such as viewer-count events). */
    JsonNode expect(String type) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode message = next();
            if (type.equals(message.path("type").asText())) {
                return message;
            }
            if (!type.equals("error") && "error".equals(message.path("type").asText())) {
                fail("expected " + type + " but got " + message);
            }
        }
        throw new AssertionError("no " + type + " within " + WAIT_MS + " ms");
    }

    /** Expects an error with the code and returns it. */
    JsonNode expectError(String code) {
        JsonNode error = expect("error");
        assertEquals(code, error.path("code").asText(), error.toString());
        return error;
    }

    /** Nothing of the type arrives within the time. */
    boolean quietFor(String type, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) {
            JsonNode message = messages.poll(left, TimeUnit.MILLISECONDS);
            if (message != null && type.equals(message.path("type").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The close code the server sent, waiting for it. */
    int awaitClose() {
        try {
            return closeCode.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    boolean closed() {
        return closeCode.isDone();
    }

    /** A ping round trip proves the connection still works. */
    void assertAlive() {
        send("{\"type\":\"ping\",\"id\":\"alive\"}");
        JsonNode pong = expect("pong");
        assertEquals("alive", pong.path("id").asText());
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                messages.add(JSON.createObjectNode().put("type", "unparseable").put("raw", partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.abort();
        }
    }
}
