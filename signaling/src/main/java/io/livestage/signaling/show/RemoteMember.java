package io.livestage.signaling.show;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Requester;

/**
 * A member of a show hosted here who is connected to another node: what the origin's show knows of them (who
 * they are, where their connection is) and how it answers them (a reply over the cluster bus, which the edge
 * node writes to the connection).
 */
final class RemoteMember implements Requester {
    /** What a reply did to the membership, for the edge node to follow. */
    static final String JOINED = "joined";
    static final String LEFT = "left";
    static final String REMOVED = "removed";

    private final ShowRelay relay;
    private final String roomId;
    private final String node;
    private final String sessionId;
    private final Identity identity;

    RemoteMember(ShowRelay relay, String roomId, String node, String sessionId, Identity identity) {
        this.relay = relay;
        this.roomId = roomId;
        this.node = node;
        this.sessionId = sessionId;
        this.identity = identity;
    }

    /** The connection's name in the cluster: its node and its session there. */
    String key() {
        return key(node, sessionId);
    }

    static String key(String node, String sessionId) {
        return node + "/" + sessionId;
    }

    String node() {
        return node;
    }

    /** The member's session id on its node. */
    String sessionId() {
        return sessionId;
    }

    @Override
    public String id() {
        return key();
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public void send(ServerMessage message) {
        reply(message, "");
    }

    /** The reply that makes the connection a member on its node. */
    void admitted(ServerMessage.RoomJoined joined) {
        reply(joined, JOINED);
    }

    /** The reply to its leaving: its node lets it go. */
    void left(ServerMessage.RoomLeft left) {
        reply(left, LEFT);
    }

    /** Put out by the host, a moderator or the platform: its node lets it go. */
    void putOut(ServerMessage.RoomRemoved removed) {
        reply(removed, REMOVED);
    }

    private void reply(ServerMessage message, String status) {
        relay.send(new BusMessage(BusMessage.Kind.REPLY, roomId, relay.nodeId(), node, sessionId,
                relay.json(message), status));
    }
}
