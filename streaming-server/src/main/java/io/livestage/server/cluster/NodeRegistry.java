package io.livestage.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeListing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in the cluster's registry in Redis, renewed every heartbeat, and the other
 * nodes' entries read back at the same time into the {@link ClusterDirectory}. No membership
 * protocol of our own: an entry is a key that expires unless renewed, and a sorted set by last
 * renewal lists the candidates (docs/cluster.md has the layout).
 *
 * <p>Every key is {@code <prefix>:{cluster}:...}: the hash tag keeps the one {@code MGET} per heartbeat
 * in one slot on Redis Cluster, and the deployment's prefix comes first like every other key's. One heartbeat at a time: the next is scheduled when the last
 * one's commands have answered (or failed), on a thread of its own, never an event loop.
 */
public final class NodeRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    private static final Duration GOODBYE_WAIT = Duration.ofSeconds(1);

    private final RedisCommandLink redis;
    private final String nodeId;
    private final Duration heartbeat;
    private final Duration expiry;
    private final Supplier<NodeListing> local;
    private final ClusterDirectory directory;
    private final String nodesKey;
    private final String keyPrefix;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService timer;
    /** When the others' entries were last read; past the expiry they are dropped, Redis or not. */
    private volatile long lastReadMillis = System.currentTimeMillis();
    private volatile boolean failing;
    /** Whether a renewal has listed this node yet: from then on, being added to the set again means it had been dropped. */
    private volatile boolean listed;
    private volatile boolean closed;

    /**
     * @param keyPrefix the deployment's Redis key prefix (shared with gifts and wallets)
     * @param local     this node's listing as of now; called on the registry's thread
     */
    public NodeRegistry(RedisCommandLink redis, String keyPrefix, String nodeId, Duration heartbeat, Duration expiry,
                        Supplier<NodeListing> local, ClusterDirectory directory) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.heartbeat = heartbeat;
        this.expiry = expiry;
        this.local = local;
        this.directory = directory;
        this.keyPrefix = keyPrefix + ":{cluster}:";
        this.nodesKey = this.keyPrefix + "nodes";
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "livestage-cluster");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers at once, then every heartbeat; the directory may ask for a renewal between heartbeats. */
    public NodeRegistry start() {
        directory.refreshWith(this::renewNow);
        timer.execute(this::beat);
        return this;
    }

    /**
     * A renewal between heartbeats: this node's entry written and the others' read now (a show just started
     * here is listed at once; one just started elsewhere is found). Completes when the directory has them.
     */
    private CompletionStage<Void> renewNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.complete(null);
            return done;
        }
        timer.execute(() -> renew().whenComplete((ignored, failure) -> done.complete(null)));
        return done;
    }

    /** The key of a node's entry. */
    String nodeKey(String id) {
        return keyPrefix + "node:" + id;
    }

    String nodesKey() {
        return nodesKey;
    }

    private void beat() {
        if (closed) {
            return;
        }
        renew().whenComplete((ignored, failure) -> {
            if (!closed) {
                timer.schedule(this::beat, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** One renewal and read; the directory is updated (or, past the expiry without Redis, emptied) when it ends. */
    private CompletionStage<Renewal> renew() {
        CompletionStage<Renewal> others;
        try {
            String entry = json.writeValueAsString(local.get());
            others = redis.run(commands -> renewAndRead(commands, entry));
        } catch (JsonProcessingException | RuntimeException e) {
            others = CompletableFuture.failedFuture(e);
        }
        others.whenComplete((renewal, failure) -> {
            long now = System.currentTimeMillis();
            if (failure == null) {
                lastReadMillis = now;
                directory.replaceOthers(renewal.others());
                if (failing) {
                    failing = false;
                    log.info("node registry reachable again; {} other node(s)", renewal.others().size());
                }
                if (renewal.added() && listed) {
                    log.warn("node registry: this node had been dropped from the cluster (taken for dead) and is listed"
                            + " again; what ran here checks whether another node carries it on now");
                    directory.rejoined();
                }
                listed = true;
            } else {
                if (!failing) {
                    failing = true;
                    log.warn("node registry: heartbeat failed ({}); retrying every {} ms", failure.getClass().getSimpleName(),
                            heartbeat.toMillis());
                }
                if (now - lastReadMillis > expiry.toMillis()) {
                    // Whatever we last read has expired in Redis too by now: list only our own.
                    directory.replaceOthers(List.of());
                }
            }
        });
        return others;
    }

    /**
     * One renewal's outcome: the other nodes' live entries, and whether this node was added to the set of nodes
     * rather than renewed in it (at its first renewal, or because another node had dropped it as expired).
     */
    private record Renewal(List<NodeListing> others, boolean added) {
    }

    /**
     * Renews our entry (its TTL is the expiry), drops members of the set whose last renewal is past
     * the expiry, and reads every other live entry. Pipelined on the one connection.
     */
    private CompletionStage<Renewal> renewAndRead(RedisClusterAsyncCommands<String, String> commands, String entry) {
        long now = System.currentTimeMillis();
        long oldest = now - expiry.toMillis();
        commands.set(nodeKey(nodeId), entry, SetArgs.Builder.px(expiry.toMillis()));
        CompletionStage<Boolean> added = commands.zadd(nodesKey, now, nodeId).thenApply(count -> count == 1L);
        commands.zremrangebyscore(nodesKey, Range.create(Double.NEGATIVE_INFINITY, (double) oldest));
        return commands.zrangebyscore(nodesKey, Range.create((double) oldest, Double.POSITIVE_INFINITY))
                .thenCompose(ids -> {
                    List<String> keys = ids.stream().filter(id -> !id.equals(nodeId)).map(this::nodeKey).toList();
                    if (keys.isEmpty()) {
                        return CompletableFuture.completedFuture(List.<NodeListing>of());
                    }
                    return commands.mget(keys.toArray(String[]::new)).thenApply(this::listings);
                })
                .thenCombine(added, Renewal::new);
    }

    /** The entries that are still there (a node's key can expire before the set is pruned), parsed. */
    private List<NodeListing> listings(List<KeyValue<String, String>> values) {
        List<NodeListing> listings = new ArrayList<>(values.size());
        for (KeyValue<String, String> value : values) {
            if (!value.hasValue()) {
                continue;
            }
            try {
                listings.add(json.readValue(value.getValue(), NodeListing.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.warn("node registry: unreadable entry {} skipped: {}", value.getKey(), e.getMessage());
            }
        }
        return listings;
    }

    /**
     * Stops the heartbeat and removes our entry, so the others drop this node at their next heartbeat
     * rather than after the expiry. Waits at most a second for Redis.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            redis.run(commands -> {
                commands.zrem(nodesKey, nodeId);
                return commands.del(nodeKey(nodeId));
            }).toCompletableFuture().get(GOODBYE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("node registry: could not remove {} on close; it expires within {} ms", nodeId, expiry.toMillis());
        }
    }
}
