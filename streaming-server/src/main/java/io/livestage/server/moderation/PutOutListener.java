package io.livestage.server.moderation;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livestage.server.redis.RedisCommandLink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscription to the channel on which the platform's removals and bans from the service
 * are announced to every node, so a user's connections close wherever they are. Subscribes without
 * blocking and retries every second until Redis answers; Lettuce subscribes again after a reconnect.
 * On a Redis Cluster a message published on any node reaches every node's subscribers, so the one
 * subscription (on the node the cluster client picks) hears them all.
 */
final class PutOutListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PutOutListener.class);
    private static final long RETRY_MS = 1000;

    private final RedisCommandLink redis;
    private final String channel;
    private final BiConsumer<String, String> listener;
    private StatefulRedisPubSubConnection<String, String> connection;
    private boolean closed;

    PutOutListener(RedisCommandLink redis, String channel, BiConsumer<String, String> listener) {
        this.redis = redis;
        this.channel = channel;
        this.listener = listener;
    }

    /** {@code reason + "\n" + userId}: the reason is one word of ours, the user id anything. */
    static String message(String userId, String reason) {
        return reason + "\n" + userId;
    }

    void start() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        redis.connectPubSub().thenCompose(pubSub -> {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    int split = message.indexOf('\n');
                    if (split > 0) {
                        listener.accept(message.substring(split + 1), message.substring(0, split));
                    }
                }
            });
            synchronized (this) {
                if (closed) {
                    pubSub.closeAsync();
                    return CompletableFuture.completedFuture(null);
                }
                connection = pubSub;
            }
            return pubSub.async().subscribe(channel);
        }).whenComplete((subscribed, failure) -> {
            if (failure != null) {
                log.debug("cannot subscribe to {} yet, retrying: {}", channel, failure.toString());
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (connection != null) {
                        connection.closeAsync();
                        connection = null;
                    }
                }
                CompletableFuture.runAsync(this::start, CompletableFuture.delayedExecutor(RETRY_MS, TimeUnit.MILLISECONDS));
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
