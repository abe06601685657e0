package io.livestage.loadtest.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingListener;
import java.util.concurrent.CompletableFuture;

/**
 * Completes when the server announces {@code room.publisher {userId, state:"live"}} for us: its
 * media plane has our SRTP keys in place, so nothing sent from then on can arrive too early.
 */
final class LiveAnnouncement implements SignalingListener {

    private final CompletableFuture<Void> live = new CompletableFuture<>();
    private volatile String userId;

    /** Set from the welcome, before media.publish, so no announcement for us can come earlier. */
    void expect(String publisherUserId) {
        this.userId = publisherUserId;
    }

    CompletableFuture<Void> live() {
        return live;
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if ("room.publisher".equals(message.path("type").asText()) && "live".equals(message.path("state").asText())
                && message.path("userId").asText().equals(userId)) {
            live.complete(null);
        }
    }
}
