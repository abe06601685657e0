package io.livestage.gifts.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers "is Redis reachable?" for readiness, with Lettuce's async API so the caller's event
 * loop never blocks. Connects lazily and reconnects on the next probe after a failure.
 */
public final class RedisProbe implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisURI uri;
    private volatile CompletableFuture<StatefulRedisConnection<String, String>> connection;

    public RedisProbe(String uri) {
        this.uri = RedisURI.create(uri);
        this.uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create();
    }

    /** Completes with true when Redis answers PING. */
    public CompletionStage<Boolean> ping() {
        return connection().thenCompose(c -> c.async().ping())
                .thenApply("PONG"::equals)
                .exceptionally(e -> {
                    connection = null;
                    return false;
                });
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection;
        if (current == null) {
            current = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
            connection = current;
        }
        return current;
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, TIMEOUT);
    }
}
