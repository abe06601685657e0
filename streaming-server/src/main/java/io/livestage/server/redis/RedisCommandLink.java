package io.livestage.server.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livestage.gifts.redis.LettuceOptions;
import io.livestage.server.config.RedisConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A store's link to Redis: one command connection, opened on first use and again after a failed
 * connect, whose commands fail after {@code timeout} (on a standalone Redis at once while it is
 * away: they are not queued), so callers hear "unavailable" rather than wait.
 *
 * <p>On a Redis Cluster ({@link #open} with {@code redis.cluster}) the same through Lettuce's
 * cluster client, which sends each command to the shard that holds its key. Callers see one
 * command interface either way ({@link RedisClusterAsyncCommands}, which the standalone commands
 * implement too); a script's or a multi-key command's keys must share a hash tag there.
 */
public final class RedisCommandLink implements AutoCloseable {
    /** One of the two is null. */
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final RedisURI uri;
    private CompletableFuture<? extends StatefulConnection<String, String>> connection;

    /** On a standalone Redis. @param clientName what {@code CLIENT LIST} shows for our connections */
    public RedisCommandLink(String uri, String clientName, Duration timeout) {
        this(uri, false, clientName, timeout);
    }

    private RedisCommandLink(String uri, boolean cluster, String clientName, Duration timeout) {
        this.uri = RedisURI.builder(RedisURI.create(uri)).withClientName(clientName).withTimeout(timeout).build();
        if (cluster) {
            this.client = null;
            this.clusterClient = RedisClusterClient.create(this.uri);
            clusterClient.setOptions(LettuceOptions.cluster(timeout));
        } else {
            this.clusterClient = null;
            this.client = RedisClient.create();
            client.setOptions(LettuceOptions.standalone(timeout));
        }
    }

    /** To the configured Redis: a cluster's seed node with {@code redis.cluster}, else the one Redis. */
    public static RedisCommandLink open(RedisConfig redis, String clientName, Duration timeout) {
        return new RedisCommandLink(redis.uri(), redis.cluster(), clientName, timeout);
    }

    public boolean cluster() {
        return clusterClient != null;
    }

    /** Runs a command (or several) on the command connection, connecting first if needed. */
    public <T> CompletionStage<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        return commands().thenCompose(command);
    }

    /**
     * A new connection of the caller's own (to block on, or to keep its commands' order apart from the
     * shared one's); on a cluster, its commands go to the shard of their key as on the shared one.
     */
    public CompletionStage<StatefulConnection<String, String>> connect() {
        if (clusterClient != null) {
            // An asynchronous connect does not read which node owns which slots: read them first.
            return clusterClient.refreshPartitionsAsync()
                    .thenCompose(loaded -> clusterClient.connectAsync(StringCodec.UTF8))
                    .thenApply(made -> made);
        }
        return client.connectAsync(StringCodec.UTF8, uri).thenApply(made -> made);
    }

    /**
     * A pub/sub connection. On a cluster a message published on any node reaches subscribers on every
     * node, so one connection (to the node the client picks) hears the whole channel.
     */
    public CompletionStage<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        if (clusterClient != null) {
            return clusterClient.refreshPartitionsAsync()
                    .thenCompose(loaded -> clusterClient.connectPubSubAsync(StringCodec.UTF8))
                    .thenApply(made -> made);
        }
        return client.connectPubSubAsync(StringCodec.UTF8, uri);
    }

    /** The command interface of a connection from {@link #connect}. */
    public static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        return connection instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
                : ((StatefulRedisConnection<String, String>) connection).async();
    }

    private synchronized CompletionStage<RedisClusterAsyncCommands<String, String>> commands() {
        if (connection == null || connection.isCompletedExceptionally()) {
            connection = connect().toCompletableFuture();
        }
        return connection.thenApply(RedisCommandLink::async);
    }

    @Override
    public void close() {
        CompletableFuture<? extends StatefulConnection<String, String>> open;
        synchronized (this) {
            open = connection;
        }
        if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
            open.join().close();
        }
        AbstractRedisClient owner = clusterClient != null ? clusterClient : client;
        owner.shutdown();
    }
}
