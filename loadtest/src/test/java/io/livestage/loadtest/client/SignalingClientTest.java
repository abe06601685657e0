package io.livestage.loadtest.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignalingClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static EchoSignalingServer server;
    private static SignalingConnector connector;

    @BeforeAll
    static void start() {
        server = new EchoSignalingServer();
        connector = new SignalingConnector(ClientOptions.defaults(), 1);
    }

    @AfterAll
    static void stop() {
        connector.close();
        server.close();
    }

    @Test
    void replyCompletesTheRequestWithTheSameId() throws Exception {
        SignalingClient client = connect(SignalingListener.ignoringEvents());
        JsonNode first = client.request(SignalingClient.message("echo"), TIMEOUT).get(5, TimeUnit.SECONDS);
        JsonNode second = client.request(SignalingClient.message("echo"), TIMEOUT).get(5, TimeUnit.SECONDS);
        assertEquals("echoed", first.path("type").asText());
        assertEquals(first.path("id").asLong() + 1, second.path("id").asLong());
        client.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void errorReplyFailsTheRequestWithItsCode() throws Exception {
        SignalingClient client = connect(SignalingListener.ignoringEvents());
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> client.request(SignalingClient.message("fail"), TIMEOUT).get(5, TimeUnit.SECONDS));
        assertEquals("forbidden", assertInstanceOf(SignalingException.class, failure.getCause()).code());
        client.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void unansweredRequestTimesOut() throws Exception {
        SignalingClient client = connect(SignalingListener.ignoringEvents());
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> client.request(SignalingClient.message("silent"), Duration.ofMillis(100)).get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        client.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void eventsWithoutPendingIdGoToTheListener() throws Exception {
        CompletableFuture<JsonNode> event = new CompletableFuture<>();
        SignalingClient client = connect((c, message) -> event.complete(message));
        client.send(SignalingClient.message("push"));
        assertEquals("pushed", event.get(5, TimeUnit.SECONDS).path("type").asText());
        client.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void serverCloseReportsItsStatusAndFailsPendingRequests() throws Exception {
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        SignalingClient client = connect(new SignalingListener() {
            @Override
            public void onEvent(SignalingClient c, JsonNode message) {
            }

            @Override
            public void onClosed(SignalingClient c, int code, String reason) {
                closeCode.complete(code);
            }
        });
        CompletableFuture<JsonNode> orphan = client.request(SignalingClient.message("silent"), TIMEOUT);
        client.send(SignalingClient.message("bye"));
        assertEquals(4001, closeCode.get(5, TimeUnit.SECONDS));
        assertEquals("go away", client.closeReason());
        assertThrows(ExecutionException.class, () -> orphan.get(5, TimeUnit.SECONDS));
        assertFalse(client.isOpen());
    }

    @Test
    void refusesUrlsThatAreNotWebSockets() {
        assertThrows(IllegalArgumentException.class,
                () -> connector.connect(URI.create("http://127.0.0.1/ws"), SignalingListener.ignoringEvents()));
    }

    private static SignalingClient connect(SignalingListener listener) throws Exception {
        return connector.connect(server.url(), listener).get(5, TimeUnit.SECONDS);
    }
}
