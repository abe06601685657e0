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
        this(new RedisLink(redisUri, settings.commandTimeout()), keyPrefix, catalog, settings, metrics);
    }

    /**
     * On a Redis Cluster, {@code seedUri} naming any node of it. The scripts touch several keys at once (two
     * wallets, a receipt, the ledger, the feed), which a cluster serves only from one slot: {@code keyPrefix} must
     * carry a hash tag (e.g. {@code {livestage}}), so every key of the store lands in the slot of that tag.
     */
    public static RedisGifts onCluster(String seedUri, String keyPrefix, GiftCatalog catalog, GiftSettings settings,
                                       GiftMetrics metrics) {
        int open = keyPrefix.indexOf('{');
        if (open < 0 || keyPrefix.indexOf('}', open) <= open + 1) {
            throw new IllegalArgumentException("on Redis Cluster the gift keys' prefix needs a hash tag, such as"
                    + " {livestage}, so a script's keys share one slot; got '" + keyPrefix + "'");
        }
        return new RedisGifts(RedisLink.cluster(seedUri, settings.commandTimeout()), keyPrefix, catalog, settings, metrics);
    }

    RedisGifts(RedisLink link, String keyPrefix, GiftCatalog catalog, GiftSettings settings, GiftMetrics metrics) {
        RedisKeys keys = new RedisKeys(keyPrefix);
        this.link = link;
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
