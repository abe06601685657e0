package io.livestage.signaling.server;

import io.livestage.signaling.session.Session;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket sessions of this node, for the connection gauge, the server API and shutdown. */
final class SessionRegistry {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    void add(Session session) {
        sessions.put(session.id(), session);
    }

    void remove(Session session) {
        sessions.remove(session.id(), session);
    }

    /** The open session with this id, or null (the cluster bus names a member's connection by its id). */
    Session byId(String id) {
        return sessions.get(id);
    }

    int size() {
        return sessions.size();
    }

    /** The user's signed-in connections on this node; a scan, fine for the server API's rare calls. */
    List<Session> ofUser(String userId) {
        return sessions.values().stream().filter(s -> s.isAuthenticated() && s.identity().userId().equals(userId)).toList();
    }

    List<Session> snapshot() {
        return List.copyOf(sessions.values());
    }
}
