package io.livestage.gifts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A watcher that records what the feed hands it, for tests to wait on. */
public final class Received implements Consumer<GiftEvent> {
    private final List<GiftEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(GiftEvent event) {
        events.add(event);
    }

    public List<GiftEvent> events() {
        return List.copyOf(events);
    }

    public List<String> txIds() {
        return events.stream().map(GiftEvent::txId).toList();
    }

    /** Waits until at least {@code count} events arrived, then a grace period so duplicates would show. */
    public List<GiftEvent> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(150);
        return events();
    }
}
