package io.livestage.gifts;

import java.util.function.Consumer;

/** Committed gift events of every node, delivered to this node's watchers of each room. */
public interface GiftFeed extends AutoCloseable {
    /**
     * Delivers every committed gift event of the room, from every node, exactly once per watcher, until the
     * handle is closed. Events for rooms with no watchers on this node are read and skipped. Listeners run on
     * the feed's own thread, one event at a time in commit order, and must not block.
     */
    AutoCloseable watch(String roomId, Consumer<GiftEvent> listener);

    @Override
    void close();
}
