package io.livestage.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A store's link to Redis: one command connection, opened on first use and again after a failed
 * connect, whose commands fail at once while Redis is away (they are not queued) and after
 * {@code timeout} otherwise, so callers hear "unavailable" rather than wait.
 */
public final class RedisCommandLink implements AutoCloseable {
    private final RedisClient client;
    private final RedisURI uri;
    private CompletableFuture<StatefulRedisConnection<String, String>> connection;

    /** @param clientName what {@code CLIENT LIST} shows for our connections */
    public RedisCommandLink(String uri, String clientName, Duration timeout) {
        this.uri = RedisURI.builder(RedisURI.create(uri)).withClientName(clientName).withTimeout(timeout).build();
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    /** Runs a command (or several) on the command connection, connecting first if needed. */
    public <T> CompletionStage<T> run(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        return commands().thenCompose(command);
    }

    /** The client, for connections of another kind (pub/sub) with {@link #uri()}. */
    public RedisClient client() {
        return client;
    }

    public RedisURI uri() {
        return uri;
    }

    private synchronized CompletionStage<RedisAsyncCommands<String, String>> commands() {
        if (connection == null || connection.isCompletedExceptionally()) {
            connection = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        }
        return connection.thenApply(StatefulRedisConnection::async);
    }

    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> open;
        synchronized (this) {
            open = connection;
        }
        if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
            open.join().close();
        }
        client.shutdown();
    }
}
