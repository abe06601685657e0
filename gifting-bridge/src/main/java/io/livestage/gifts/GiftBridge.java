package io.livestage.gifts;

import io.livestage.gifts.memory.MemoryGiftFeed;
import io.livestage.gifts.memory.MemoryGiftStore;
import io.livestage.gifts.redis.RedisGifts;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The gift bridge of one node: catalog, store and feed, backed by Redis or, with none configured, memory. */
public final class GiftBridge implements AutoCloseable {
    private final GiftCatalog catalog;
    private final GiftStore store;
    private final GiftFeed feed;
    private final Supplier<CompletionStage<Boolean>> health;
    private final CompletionStage<Void> ready;
    private final AutoCloseable resources;

    private GiftBridge(GiftCatalog catalog, GiftStore store, GiftFeed feed, Supplier<CompletionStage<Boolean>> health,
                       CompletionStage<Void> ready, AutoCloseable resources) {
        this.catalog = catalog;
        this.store = store;
        this.feed = feed;
        this.health = health;
        this.ready = ready;
        this.resources = resources;
    }

    /** Single node, nothing survives a restart: dev mode and tests. */
    public static GiftBridge inMemory(GiftCatalog catalog, GiftSettings settings, MeterRegistry registry) {
        GiftMetrics metrics = bind(registry);
        MemoryGiftFeed feed = new MemoryGiftFeed(metrics);
        MemoryGiftStore store = new MemoryGiftStore(catalog, settings, metrics, feed);
        return new GiftBridge(catalog, store, feed, () -> CompletableFuture.completedFuture(true),
                CompletableFuture.completedFuture(null), feed);
    }

    /** Shared by every node pointed at the same Redis and key prefix. Connects lazily; never blocks. */
    public static GiftBridge redis(String redisUri, String keyPrefix, GiftCatalog catalog, GiftSettings settings,
                                   MeterRegistry registry) {
        RedisGifts redis = new RedisGifts(redisUri, keyPrefix, catalog, settings, bind(registry));
        return new GiftBridge(catalog, redis.store(), redis.feed(), redis::healthy, redis.started(), redis);
    }

    /**
     * On a Redis Cluster ({@code seedUri} names any of its nodes): as {@link #redis}, with every key under the
     * prefix's hash tag (required, e.g. {@code {livestage}}), so each script's keys share one slot.
     */
    public static GiftBridge redisCluster(String seedUri, String keyPrefix, GiftCatalog catalog, GiftSettings settings,
                                          MeterRegistry registry) {
        RedisGifts redis = RedisGifts.onCluster(seedUri, keyPrefix, catalog, settings, bind(registry));
        return new GiftBridge(catalog, redis.store(), redis.feed(), redis::healthy, redis.started(), redis);
    }

    private static GiftMetrics bind(MeterRegistry registry) {
        GiftMetrics metrics = new GiftMetrics();
        metrics.bindTo(registry);
        return metrics;
    }

    public GiftCatalog catalog() {
        return catalog;
    }

    public GiftStore store() {
        return store;
    }

    public GiftFeed feed() {
        return feed;
    }

    /** For readiness: true when the backing store answers. */
    public CompletionStage<Boolean> healthy() {
        return health.get();
    }

    /**
     * Completes once the feed has found where the stream ended at start (at once in memory): every gift
     * committed after this is delivered to watchers. Stays pending while Redis is unreachable.
     */
    public CompletionStage<Void> ready() {
        return ready;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the gift bridge failed", e);
        }
    }
}
