package io.livestage.signaling.server;

import io.livestage.signaling.session.Session;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket sessions of this node, for the connection gauge, the server API and shutdown. */
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

    /** The user's signed-in connections on this node; a scan, fine for the server API's rare calls. */
    List<Session> ofUser(String userId) {
        return sessions.stream().filter(s -> s.isAuthenticated() && s.identity().userId().equals(userId)).toList();
    }

    List<Session> snapshot() {
        return List.copyOf(sessions);
    }
}
