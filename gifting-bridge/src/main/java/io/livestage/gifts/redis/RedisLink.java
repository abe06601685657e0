package io.livestage.gifts.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
 */
final class RedisLink implements AutoCloseable {
    static final String DEFAULT_CLIENT_NAME = "livestage-gifts";

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI commandUri;
    private final RedisURI feedUri;
    private final Duration timeout;
    private CompletableFuture<StatefulRedisConnection<String, String>> commands;

    RedisLink(String uri, Duration timeout) {
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
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    Duration timeout() {
        return timeout;
    }

    /** The command connection's async API, connecting first if needed. */
    CompletionStage<RedisAsyncCommands<String, String>> commands() {
        CompletableFuture<StatefulRedisConnection<String, String>> current;
        synchronized (this) {
            current = commands;
            if (current == null || current.isCompletedExceptionally()) {
                current = client.connectAsync(StringCodec.UTF8, commandUri).toCompletableFuture();
                commands = current;
            }
        }
        return current.thenApply(StatefulRedisConnection::async);
    }

    /** A new connection for blocking reads, whose command timeout covers the block time. */
    CompletionStage<StatefulRedisConnection<String, String>> connectFeed(Duration block) {
        return client.connectAsync(StringCodec.UTF8, feedUri).thenApply(connection -> {
            connection.setTimeout(block.plus(timeout));
            return connection;
        });
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, timeout);
        resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
