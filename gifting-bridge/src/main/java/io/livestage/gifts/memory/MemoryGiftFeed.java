package io.livestage.gifts.memory;

import io.livestage.gifts.GiftEvent;
import io.livestage.gifts.GiftFeed;
import io.livestage.gifts.GiftMetrics;
import io.livestage.gifts.RoomWatchers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The single-node feed: events are queued in commit order and handed to watchers on one "gift-feed"
 * thread, so a sender's thread never runs listener code and every watcher sees each event once.
 */
public final class MemoryGiftFeed implements GiftFeed {
    private final RoomWatchers watchers = new RoomWatchers();
    private final GiftMetrics metrics;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "livestage-gift-feed");
        t.setDaemon(true);
        return t;
    });

    public MemoryGiftFeed(GiftMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public AutoCloseable watch(String roomId, Consumer<GiftEvent> listener) {
        return watchers.add(roomId, listener);
    }

    /** Queues a committed event; also the way a dev setup injects events the platform would write. */
    public void publish(GiftEvent event) {
        if (thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            metrics.read(1);
            if (watchers.dispatch(event)) {
                metrics.delivered(event.ts());
            }
        });
    }

    @Override
    public void close() {
        thread.shutdown();
        watchers.clear();
    }
}
