package io.livestage.sfu;

import io.livestage.sfu.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A room's media: its publishers' transports, by signaling session. */
final class Router {
    private final ConcurrentMap<String, WebRtcTransport> publishers = new ConcurrentHashMap<>();

    /** Registers the session's publisher transport and returns the one it replaces, if any. */
    WebRtcTransport publish(String sessionId, WebRtcTransport transport) {
        return publishers.put(sessionId, transport);
    }

    WebRtcTransport unpublish(String sessionId) {
        return publishers.remove(sessionId);
    }

    void forget(String sessionId, WebRtcTransport transport) {
        publishers.remove(sessionId, transport);
    }

    List<WebRtcTransport> publishers() {
        return new ArrayList<>(publishers.values());
    }

    boolean isEmpty() {
        return publishers.isEmpty();
    }
}
