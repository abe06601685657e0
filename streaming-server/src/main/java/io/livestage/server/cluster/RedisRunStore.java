package io.livestage.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.livestage.server.redis.RedisCommandLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of what runs on which node (a call, a show) in Redis, so that another node can carry one on when its
 * node dies or drains: one hash per thing, {@code <prefix>:<family>:{<id>}} (the hash tag is the thing, so each
 * script touches one slot on Redis Cluster), with a {@code node} field naming the node that runs it. Writes are
 * scripts that check that field first, so a node that lost the thing (it was taken over) cannot write over the
 * new runner, and a claim moves it from one node to another only if the first still runs it.
 */
final class RedisRunStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRunStore.class);
    /** Longer than any show or call: a record its node never removed (it died, nobody came back) goes by itself. */
    static final Duration KEPT = Duration.ofDays(1);

    /** Writes the fields unless another node runs the thing. */
    private static final String SAVE = """
            local node = redis.call('HGET', KEYS[1], 'node')
            if node and node ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'node', ARGV[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";
    private static final String REMOVE = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    /** Moves the thing from ARGV[1] to ARGV[2], only if ARGV[1] still runs it. */
    private static final String CLAIM = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'node', ARGV[2])
              return 1
            end
            return 0""";

    private final RedisCommandLink redis;
    private final String keyPrefix;
    private final String family;
    /** The latest write: Redis answers a connection's commands in order, so a closing node waits for this one. */
    private volatile CompletionStage<?> lastWrite = CompletableFuture.completedFuture(null);

    /** @param family what the records are ({@code callrun}, {@code showrun}): the key's middle part */
    RedisRunStore(RedisCommandLink redis, String keyPrefix, String family) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.family = family;
    }

    String key(String id) {
        return keyPrefix + ":" + family + ":{" + id + "}";
    }

    /**
     * Writes the record of {@code id} as {@code node} runs it (fields besides {@code node}); completes with false
     * when another node runs it by now, true when written or when the write failed (logged).
     */
    CompletionStage<Boolean> save(String id, String node, Map<String, String> fields) {
        List<String> args = new ArrayList<>(2 + 2 * fields.size());
        args.add(node);
        args.add(Long.toString(KEPT.toMillis()));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        CompletionStage<Long> write = redis.run(commands -> commands.<Long>eval(SAVE, ScriptOutputType.INTEGER,
                new String[] {key(id)}, args.toArray(String[]::new)));
        lastWrite = write;
        return write.handle((written, failure) -> {
            if (failure != null) {
                log.warn("{} {}: could not be recorded: {}", family, id, failure.toString());
                return true;
            }
            if (written == 0) {
                log.info("{} {}: not recorded, another node carries it on now", family, id);
            }
            return written != 0;
        });
    }

    /** Deletes the record if {@code node} still runs it; fire-and-forget. */
    void remove(String id, String node) {
        lastWrite = redis.run(commands -> commands.<Long>eval(REMOVE, ScriptOutputType.INTEGER, new String[] {key(id)}, node))
                .whenComplete((removed, failure) -> {
                    if (failure != null) {
                        log.warn("{} {}: could not remove its record (it expires by itself): {}", family, id,
                                failure.toString());
                    }
                });
    }

    /** Waits up to {@code timeout} for the writes handed in so far (a node shutting down removes its records). */
    void awaitWrites(Duration timeout) {
        try {
            lastWrite.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: the last record write did not land before closing: {}", family, e.toString());
        }
    }

    /** The record's fields, {@code node} among them; empty when there is none. */
    CompletionStage<Optional<Map<String, String>>> find(String id) {
        return redis.run(commands -> commands.hgetall(key(id)))
                .thenApply(fields -> fields == null || !fields.containsKey("node") ? Optional.empty() : Optional.of(fields));
    }

    CompletionStage<Boolean> claim(String id, String fromNode, String toNode) {
        return redis.run(commands -> commands.<Long>eval(CLAIM, ScriptOutputType.INTEGER, new String[] {key(id)},
                fromNode, toNode)).thenApply(moved -> moved == 1L);
    }
}
