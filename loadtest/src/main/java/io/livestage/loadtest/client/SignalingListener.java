package io.livestage.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives what the server pushes on one connection. Called on the connection's event loop thread:
 * implementations must be quick and must not block.
 */
public interface SignalingListener {

    /** A message that is not the reply to a pending request (a pushed event, or a reply that came too late). */
    void onEvent(SignalingClient client, JsonNode message);

    /**
     * The connection is gone.
     *
     * @param closeCode the WebSocket close status the server sent, or -1 when the connection dropped without one
     */
    default void onClosed(SignalingClient client, int closeCode, String reason) {
    }

    /** A listener for clients that only make requests. */
    static SignalingListener ignoringEvents() {
        return (client, message) -> { };
    }
}
