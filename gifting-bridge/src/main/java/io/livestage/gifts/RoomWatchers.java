package io.livestage.gifts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This node's watchers by room; the feed hands each event to the watchers of its room only. */
public final class RoomWatchers {
    private static final Logger LOG = LoggerFactory.getLogger(RoomWatchers.class);

    private final Map<String, List<Consumer<GiftEvent>>> byRoom = new ConcurrentHashMap<>();

    public AutoCloseable add(String roomId, Consumer<GiftEvent> listener) {
        OrderRules.id("roomId", roomId);
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        // A fresh wrapper per watch, so the same listener watched twice is two watchers and closes separately.
        Consumer<GiftEvent> watcher = listener::accept;
        byRoom.compute(roomId, (r, list) -> {
            List<Consumer<GiftEvent>> watchers = list == null ? new CopyOnWriteArrayList<>() : list;
            watchers.add(watcher);
            return watchers;
        });
        return () -> byRoom.computeIfPresent(roomId, (r, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** Hands the event to its room's watchers; false when the room has none on this node. */
    public boolean dispatch(GiftEvent event) {
        List<Consumer<GiftEvent>> watchers = byRoom.get(event.roomId());
        if (watchers == null) {
            return false;
        }
        for (Consumer<GiftEvent> watcher : watchers) {
            try {
                watcher.accept(event);
            } catch (RuntimeException e) {
                // One faulty watcher must not cost the others their event.
                LOG.warn("gift watcher of room {} failed on {}", event.roomId(), event.txId(), e);
            }
        }
        return true;
    }

    public void clear() {
        byRoom.clear();
    }
}
