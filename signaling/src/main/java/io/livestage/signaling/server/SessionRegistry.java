package io.livestage.signaling.server;

import io.livestage.signaling.session.Session;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket sessions of this node, for the connection gauge and shutdown. */
final class SessionRegistry {
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    void add(Session session) {
        sessions.add(session);
    }

    void remove(Session session) {
        sessions.remove(session);
    }

    int size() {
        return sessions.size();
    }

    List<Session> snapshot() {
        return List.copyOf(sessions);
    }
}
