package io.livestage.gifts.redis;

import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftMetrics;
import io.livestage.gifts.GiftSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/** The Redis store and feed of one node, sharing one client; closed together. */
public final class RedisGifts implements AutoCloseable {
    private final RedisLink link;
    private final RedisGiftStore store;
    private final RedisGiftFeed feed;

    public RedisGifts(String redisUri, String keyPrefix, GiftCatalog catalog, GiftSettings settings,
                      GiftMetrics metrics) {
        RedisKeys keys = new RedisKeys(keyPrefix);
        this.link = new RedisLink(redisUri, settings.commandTimeout());
        this.store = new RedisGiftStore(link, keys, catalog, settings, metrics);
        this.feed = new RedisGiftFeed(link, keys, metrics);
    }

    public RedisGiftStore store() {
        return store;
    }

    public RedisGiftFeed feed() {
        return feed;
    }

    /** See {@link RedisGiftFeed#started()}. */
    public CompletionStage<Void> started() {
        return feed.started();
    }

    /** True when Redis answers PING within the command timeout. */
    public CompletionStage<Boolean> healthy() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        link.commands().thenCompose(redis -> redis.ping())
                .whenComplete((pong, failure) -> answer.complete(failure == null && "PONG".equals(pong)));
        return answer;
    }

    @Override
    public void close() {
        try {
            // The client's shutdown would otherwise race the feed connection's own close.
            feed.closeAsync().get(link.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(RedisGifts.class).debug("feed connection did not close cleanly", e);
        }
        store.close();
        link.close();
    }
}
