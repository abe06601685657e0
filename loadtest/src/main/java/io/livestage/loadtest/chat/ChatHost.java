package io.livestage.loadtest.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingListener;
import io.livestage.loadtest.scenario.FailureLog;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The creator's connection: starts the show, sends the stamped chat, ends the show. */
final class ChatHost {

    private final SignalingClient client;
    private final String roomId;
    private final Duration timeout;

    private ChatHost(SignalingClient client, String roomId, Duration timeout) {
        this.client = client;
        this.roomId = roomId;
        this.timeout = timeout;
    }

    /** Connects, authenticates and starts a show. */
    static CompletableFuture<ChatHost> start(SignalingConnector connector, URI url, String token, Duration timeout) {
        return connector.connect(url, SignalingListener.ignoringEvents())
                .thenCompose(client -> client.request(SignalingClient.message("auth").put("token", token).put("batch", true), timeout)
                        .thenCompose(welcome -> client.request(
                                SignalingClient.message("show.start").put("title", "Load test"), timeout))
                        .thenApply(started -> new ChatHost(client, started.path("roomId").asText(), timeout)));
    }

    String roomId() {
        return roomId;
    }

    /**
     * Sends one stamped chat message. The server answers the sender with the chat itself (same id), or with
     * an error such as {@code rate_limited}.
     */
    void chat(long sequence, ChatCounters counters, FailureLog failures) {
        counters.chatSent.increment();
        CompletableFuture<JsonNode> reply = client.request(SignalingClient.message("chat.send")
                .put("roomId", roomId).put("text", ChatStamp.text(sequence, System.nanoTime())), timeout);
        reply.whenComplete((echo, failure) -> {
            if (failure == null) {
                counters.chatAccepted.increment();
            } else {
                counters.chatRejected.increment();
                failures.record("chat.send", failure);
            }
        });
    }

    /** Ends the show (so the server tells the viewers) and closes the connection. */
    CompletableFuture<Void> endShow() {
        return client.request(SignalingClient.message("show.end").put("roomId", roomId), timeout)
                .handle((ended, failure) -> null)
                .thenCompose(ignored -> client.close());
    }
}
