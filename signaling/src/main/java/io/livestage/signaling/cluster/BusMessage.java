package io.livestage.signaling.cluster;

/**
 * One message between nodes about a show or a paid call: a request of a member connected to an edge node for the
 * show's origin node, the origin's reply to that member, a room event for every node with members in the room;
 * a call party's request for the node that runs the call, and that node's messages to the party.
 *
 * @param kind     what it is
 * @param roomId   the show it is about, or the call (its call id; empty for the request that asks for a call)
 * @param fromNode the node that sent it
 * @param toNode   the node it is for; empty for a room event (every node following the room takes it)
 * @param member   the member's connection (its session id on the edge node); empty for a room event
 * @param body     the client's request or the server message, as JSON
 * @param meta     what the receiver needs besides the body, as JSON: the member's identity (a request), what the
 *                 reply did to the membership (a reply), who gets the event (an event); empty when nothing
 */
public record BusMessage(Kind kind, String roomId, String fromNode, String toNode, String member, String body,
                         String meta) {
    public enum Kind {
        /** A member on an edge node asks the origin (join, leave, chat, like, report, moderation). */
        REQUEST,
        /** A member on an edge node is gone (its connection closed). */
        GONE,
        /** The origin's answer or direct message to one member on an edge node. */
        REPLY,
        /** A room event for the members on every edge node. */
        EVENT,
        /** An edge node's media relay of the show: open it, answer the origin's offer for it, close it. */
        RELAY,
        /**
         * Every member (and joiner) an edge node has in the show now, sent every few seconds: the origin forgets
         * any other member of that node it still counts (a lost {@link #GONE}).
         */
        ROSTER,
        /**
         * A show's origin moved to another node (the old one drains, or died and the host came back elsewhere):
         * every node following the show follows the new one, named in the body.
         */
        MOVED,
        /** A call party connected to another node asks the node that runs the call (call and media requests). */
        CALL,
        /** A call party's connection on another node closed. */
        CALL_GONE,
        /** The node that runs a call tells one of its parties connected to another node (a reply or an event). */
        CALL_REPLY
    }

    public BusMessage {
        if (kind == null || roomId == null || fromNode == null) {
            throw new IllegalArgumentException("a bus message needs its kind, room and sending node");
        }
        toNode = toNode == null ? "" : toNode;
        member = member == null ? "" : member;
        body = body == null ? "" : body;
        meta = meta == null ? "" : meta;
    }

    /** Whether this node takes the message: it is addressed here, or it is a room event from another node. */
    public boolean isFor(String nodeId) {
        return toNode.isEmpty() ? !fromNode.equals(nodeId) : toNode.equals(nodeId);
    }
}
