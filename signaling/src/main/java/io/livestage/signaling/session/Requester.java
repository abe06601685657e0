package io.livestage.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ServerMessage;

/**
 * Whoever a room answers: a connection on this node ({@link Session}) or, for a show hosted here, a member
 * connected to another node of the cluster whose replies travel over the cluster bus.
 */
public interface Requester {
    /** Unique among this node's requesters: a session's id, or the node and session of a member elsewhere. */
    String id();

    Identity identity();

    /** A direct reply or event to this member alone. */
    void send(ServerMessage message);

    default void sendError(JsonNode requestId, ErrorCode code, String message) {
        send(ServerMessage.Error.of(requestId, code, message));
    }

    /** An error with a {@code reason} that says more precisely than the code why a room refused. */
    default void sendError(JsonNode requestId, ErrorCode code, String reason, String message) {
        send(ServerMessage.Error.of(requestId, code, reason, message));
    }
}
