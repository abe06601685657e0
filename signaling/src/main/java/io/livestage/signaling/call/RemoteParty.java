package io.livestage.signaling.call;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Requester;

/**
 * A party of a call run here whose connection is on another node: the call answers it over the cluster bus, and
 * that node writes to the connection. Two of these for the same node and session are the same connection.
 */
final class RemoteParty implements Requester {
    private final CallRelay relay;
    private final String callId;
    private final String node;
    private final String sessionId;
    private final Identity identity;

    RemoteParty(CallRelay relay, String callId, String node, String sessionId, Identity identity) {
        this.relay = relay;
        this.callId = callId;
        this.node = node;
        this.sessionId = sessionId;
        this.identity = identity;
    }

    String node() {
        return node;
    }

    @Override
    public String id() {
        return node + "/" + sessionId;
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public void send(ServerMessage message) {
        relay.reply(callId, node, sessionId, message);
    }

    /** The connection's node makes it a member of the call's room (media requests for it go to the call's node). */
    void joined(String call, String roomId) {
        relay.membership(call, roomId, node, sessionId, CallRelay.JOINED);
    }

    void left(String call) {
        relay.membership(call, "", node, sessionId, CallRelay.LEFT);
    }

    @Override
    public String toString() {
        return "party " + identity.userId() + " on " + id();
    }
}
