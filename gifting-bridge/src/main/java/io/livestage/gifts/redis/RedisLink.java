package io.livestage.gifts.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's Redis client: one shared command connection, made on first use and remade after a failed
 * connect, and separate connections for the blocking feed reads. Commands time out after the configured
 * command timeout; commands issued while a connection is down fail at once instead of queueing, so clients
 * hear "unavailable" quickly and nothing is applied late.
 *
 * <p>On a Redis Cluster ({@link #cluster}) the same, through Lettuce's cluster client, which sends each command
 * to the shard that holds its keys. A script touches several keys (two wallets, a receipt, the feed), which a
 * cluster requires in one slot: the store's keys must then share a hash tag, which a prefix like {@code
 * {livestage}} gives every one of them.
 */
final class RedisLink implements AutoCloseable {
    /** A connection for blocking feed reads, on either kind of client. */
    record FeedConnection(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> async) {
    }

    static final String DEFAULT_CLIENT_NAME = "livestage-gifts";

    private final ClientResources resources;
    /** One of the two is null. */
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final RedisURI commandUri;
    private final RedisURI feedUri;
    private final Duration timeout;
    private CompletableFuture<? extends StatefulConnection<String, String>> commands;

    RedisLink(String uri, Duration timeout) {
        this(uri, timeout, false);
    }

    /** On a Redis Cluster, {@code uri} naming any of its nodes. */
    static RedisLink cluster(String uri, Duration timeout) {
        return new RedisLink(uri, timeout, true);
    }

    private RedisLink(String uri, Duration timeout, boolean cluster) {
        this.timeout = timeout;
        RedisURI parsed = RedisURI.create(uri);
        String name = parsed.getClientName() == null ? DEFAULT_CLIENT_NAME : parsed.getClientName();
        // Names show in CLIENT LIST, so operators can tell the command and feed connections of each node apart.
        this.commandUri = RedisURI.builder(parsed).withClientName(name).withTimeout(timeout).build();
        this.feedUri = RedisURI.builder(parsed).withClientName(name + "-feed").withTimeout(timeout).build();
        // Reconnect attempts at most a second apart, so delivery resumes soon after Redis returns.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        if (cluster) {
            this.client = null;
            this.clusterClient = RedisClusterClient.create(resources, commandUri);
            clusterClient.setOptions(LettuceOptions.cluster(timeout));
        } else {
            this.clusterClient = null;
            this.client = RedisClient.create(resources);
            client.setOptions(LettuceOptions.standalone(timeout));
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** The command connection's async API, connecting first if needed. */
    CompletionStage<RedisClusterAsyncCommands<String, String>> commands() {
        CompletableFuture<? extends StatefulConnection<String, String>> current;
        synchronized (this) {
            current = commands;
            if (current == null || current.isCompletedExceptionally()) {
                current = connect(commandUri);
                commands = current;
            }
        }
        return current.thenApply(RedisLink::async);
    }

    /** A new connection for blocking reads, whose command timeout covers the block time. */
    CompletionStage<FeedConnection> connectFeed(Duration block) {
        return connect(feedUri).thenApply(connection -> {
            connection.setTimeout(block.plus(timeout));
            return new FeedConnection(connection, async(connection));
        });
    }

    private CompletableFuture<? extends StatefulConnection<String, String>> connect(RedisURI uri) {
        if (clusterClient != null) {
            // The cluster client knows its seed node from creation; the connections' name comes from it too.
            return connectToCluster();
        }
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }

    /** Reads which node owns which slots (an asynchronous connect does not), then connects. */
    private CompletableFuture<StatefulRedisClusterConnection<String, String>> connectToCluster() {
        return clusterClient.refreshPartitionsAsync()
                .thenCompose(loaded -> clusterClient.connectAsync(StringCodec.UTF8))
                .toCompletableFuture();
    }

    private static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        return connection instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
                : ((StatefulRedisConnection<String, String>) connection).async();
    }

    @Override
    public void close() {
        if (clusterClient != null) {
            clusterClient.shutdown(Duration.ZERO, timeout);
        } else {
            client.shutdown(Duration.ZERO, timeout);
        }
        resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
