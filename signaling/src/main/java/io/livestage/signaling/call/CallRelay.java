package io.livestage.signaling.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.cluster.BusCodec;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ServerMessage;

/**
 * This node's end of the cluster bus for calls: a party's requests for the node that runs its call, that node's
 * messages to the party, and what they did to the party's membership of the call. Any thread.
 */
final class CallRelay {
    /** What a message did to a party's membership, for the party's node to follow. */
    static final String JOINED = "joined";
    static final String LEFT = "left";

    private final String nodeId;
    private final ClusterBus bus;
    private final BusCodec codec;

    CallRelay(String nodeId, ClusterBus bus, BusCodec codec) {
        this.nodeId = nodeId;
        this.bus = bus;
        this.codec = codec;
    }

    String nodeId() {
        return nodeId;
    }

    boolean enabled() {
        return bus.enabled();
    }

    BusCodec codec() {
        return codec;
    }

    /** A party's request for the node that runs the call ({@code callId} empty for the request that asks for one). */
    void request(String callId, String callNode, String sessionId, Identity identity, ClientMessage request) {
        bus.send(new BusMessage(BusMessage.Kind.CALL, callId, nodeId, callNode, sessionId, codec.request(request),
                codec.identity(identity)));
    }

    /** A party's connection here closed. */
    void gone(String callId, String callNode, String sessionId) {
        bus.send(new BusMessage(BusMessage.Kind.CALL_GONE, callId, nodeId, callNode, sessionId, "", ""));
    }

    /** A message for a party connected to another node. */
    void reply(String callId, String partyNode, String sessionId, ServerMessage message) {
        bus.send(new BusMessage(BusMessage.Kind.CALL_REPLY, callId, nodeId, partyNode, sessionId, codec.json(message), ""));
    }

    /** The party's connection is in the call now ({@code JOINED}) or no longer ({@code LEFT}). */
    void membership(String callId, String roomId, String partyNode, String sessionId, String status) {
        ObjectNode meta = codec.mapper().createObjectNode();
        meta.put("status", status);
        meta.put("roomId", roomId);
        bus.send(new BusMessage(BusMessage.Kind.CALL_REPLY, callId, nodeId, partyNode, sessionId, "", meta.toString()));
    }

    JsonNode tree(String json) {
        return codec.tree(json);
    }
}
