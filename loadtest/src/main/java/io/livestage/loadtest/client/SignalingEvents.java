package io.livestage.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One connection's pushed events, handed to every listener added so far: a call party's one
 * connection carries its call events, its publisher's announcements and its subscription's offers.
 */
public final class SignalingEvents implements SignalingListener {
    private final List<SignalingListener> listeners = new CopyOnWriteArrayList<>();

    public SignalingEvents add(SignalingListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        for (SignalingListener listener : listeners) {
            listener.onEvent(client, message);
        }
    }

    @Override
    public void onClosed(SignalingClient client, int closeCode, String reason) {
        for (SignalingListener listener : listeners) {
            listener.onClosed(client, closeCode, reason);
        }
    }
}
