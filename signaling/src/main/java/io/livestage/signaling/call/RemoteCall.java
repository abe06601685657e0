package io.livestage.signaling.call;

import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A call another node runs, as one of its parties' connections here holds it: what the connection asks about the
 * call (accept, end, its media) goes to that node, which decides and answers; the connection closing tells that
 * node the party is away. Sits in the session's rooms while the call node counts the connection a party.
 */
final class RemoteCall implements MediaRoom {
    private final String callId;
    private final String roomId;
    private final String callNode;
    private final Session session;
    private final CallRelay relay;
    /** The subscriptions the call's node made for this connection: their answers and layers go there too. */
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

    private final BiConsumer<String, RemoteCall> forget;

    /** @param forget told this call's {@link #key} when its connection closes */
    RemoteCall(String callId, String roomId, String callNode, Session session, CallRelay relay,
               BiConsumer<String, RemoteCall> forget) {
        this.forget = forget;
        this.callId = callId;
        this.roomId = roomId;
        this.callNode = callNode;
        this.session = session;
        this.relay = relay;
    }

    String callId() {
        return callId;
    }

    String callNode() {
        return callNode;
    }

    Session session() {
        return session;
    }

    /** Unique among this node's calls run elsewhere: the call and the connection. */
    String key() {
        return callId + "/" + session.id();
    }

    @Override
    public String roomId() {
        return roomId;
    }

    /** Sends the session's request about the call to the node that runs it. */
    void forward(ClientMessage request) {
        relay.request(callId, callNode, session.id(), session.identity(), request);
    }

    void subscribed(String subscriptionId) {
        subscriptions.add(subscriptionId);
    }

    boolean owns(String subscriptionId) {
        return subscriptions.contains(subscriptionId);
    }

    void unsubscribed(String subscriptionId) {
        subscriptions.remove(subscriptionId);
    }

    @Override
    public void memberGone(Session gone) {
        forget.accept(key(), this);
        relay.gone(callId, callNode, gone.id());
    }

    /** The call runs elsewhere: its party can reach it through any node. */
    @Override
    public boolean goesOnElsewhere(Session member) {
        return true;
    }

    /** The call's node decides who publishes. */
    @Override
    public boolean mayPublish(String userId) {
        return true;
    }

    @Override
    public boolean hasMember(Session member) {
        return member == session && session.rooms().contains(this);
    }

    /** The call's node tells its parties of publishers itself. */
    @Override
    public void publisherChanged(String userId, boolean live) {
    }
}
