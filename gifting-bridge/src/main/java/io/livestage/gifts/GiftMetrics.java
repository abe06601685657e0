package io.livestage.gifts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Gift traffic and feed health of this node ({@code livestage_gifts_*}). */
public final class GiftMetrics implements MeterBinder {
    private final AtomicLong eventsBehind = new AtomicLong();
    private Counter sent;
    private Counter coins;
    private Counter refused;
    private Counter redisErrors;
    private Counter eventsRead;
    private Counter eventsDelivered;
    private Timer sendLatency;
    private Timer deliveryLatency;

    @Override
    public void bindTo(MeterRegistry registry) {
        sent = Counter.builder("livestage.gifts.sent").description("Gifts committed by this node (replays excluded)")
                .register(registry);
        coins = Counter.builder("livestage.gifts.coins.moved").description("Coins moved from senders to creators")
                .register(registry);
        refused = Counter.builder("livestage.gifts.refused").description("Sends refused (bad input, funds)")
                .register(registry);
        redisErrors = Counter.builder("livestage.gifts.redis.errors")
                .description("Redis commands that failed or timed out").register(registry);
        eventsRead = Counter.builder("livestage.gifts.feed.events.read")
                .description("Gift events read from the shared stream").register(registry);
        eventsDelivered = Counter.builder("livestage.gifts.feed.events.delivered")
                .description("Gift events handed to at least one watcher of this node").register(registry);
        sendLatency = Timer.builder("livestage.gifts.send.latency").description("Time to commit a send")
                .publishPercentileHistogram().register(registry);
        deliveryLatency = Timer.builder("livestage.gifts.delivery.latency")
                .description("Commit to hand-over to this node's watchers").publishPercentileHistogram()
                .register(registry);
        Gauge.builder("livestage.gifts.feed.events.behind", eventsBehind, AtomicLong::get)
                .description("Events in the stream this node has not read yet").register(registry);
    }

    public void sent(long amount, long nanos) {
        sent.increment();
        coins.increment(amount);
        sendLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void refused() {
        refused.increment();
    }

    public void redisError() {
        redisErrors.increment();
    }

    public void read(long events) {
        eventsRead.increment(events);
    }

    public void delivered(long commitMillis) {
        eventsDelivered.increment();
        deliveryLatency.record(Math.max(0, System.currentTimeMillis() - commitMillis), TimeUnit.MILLISECONDS);
    }

    public void behind(long events) {
        eventsBehind.set(Math.max(0, events));
    }
}
