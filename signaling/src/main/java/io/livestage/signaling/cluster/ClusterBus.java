package io.livestage.signaling.cluster;

import java.util.function.Consumer;

/**
 * How the nodes of a cluster tell each other about shows: one ordered channel every node writes to and reads
 * (in Redis, one stream; docs/cluster.md). What one node sends arrives at every other node in the order it was
 * sent, once, even across a lost connection to Redis, so a member on an edge node gets each room event once and
 * after the reply that let it in.
 */
public interface ClusterBus {
    /** A single node: nothing to send to, nothing arrives. */
    ClusterBus NONE = new ClusterBus() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void send(BusMessage message) {
            throw new IllegalStateException("this node is not part of a cluster");
        }

        @Override
        public void receive(Consumer<BusMessage> receiver) {
        }
    };

    /** Whether there is a cluster to talk to. */
    boolean enabled();

    /**
     * Sends the message, after every message sent before it by this node; never blocks. One that cannot be
     * written (Redis away for longer than the bus holds messages) is dropped, counted and logged.
     */
    void send(BusMessage message);

    /**
     * Adds a taker of the messages for this node ({@link BusMessage#isFor}): each one gets every message and keeps
     * the kinds it knows (shows, calls). Added before any message arrives.
     */
    void receive(Consumer<BusMessage> receiver);
}
