package io.livestage.signaling.show;

import io.livestage.signaling.session.Session;

/**
 * A show as a gift sender sees it on this node: the show itself when it is hosted here, its edge when it is
 * hosted on another node. Either way the gift is charged in the shared store and every node shows it.
 */
public interface GiftRoom {
    String hostId();

    /** Only a verified adult's show takes gifts: earning is a transaction, and those are for over-18s. */
    boolean acceptsGifts();

    /** Whether the session is a member here; any thread. */
    boolean hasMember(Session session);

    /**
     * Takes a slot in the room's (and the node's) bounded event queue for a gift about to be charged; any
     * thread. Null when taken, else why not ({@code room_busy}, {@code node_busy}).
     */
    String reserveGift();

    /** The send that {@link #reserveGift} made room for was answered, either way; any thread. */
    void giftSettled();
}
