package io.livestage.server.cluster;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on one Redis stream, {@code <prefix>:{cluster}:bus}: every node appends what it sends and
 * reads every entry from where it joined, keeping the ones for it ({@link BusMessage#isFor}). One stream keeps
 * one order: a member on an edge gets the origin's reply that let it in before the events that follow it.
 *
 * <p>One thread does everything: it appends in the order messages were handed in, on a connection of its own
 * (Redis answers a connection's commands in order), and loops {@code XREAD BLOCK} on another from the last
 * entry it read, so a lost connection resumes where it stopped and no entry is passed on twice. While the
 * writer is away, up to {@link #MAX_WAITING} messages wait for it; beyond that, and for an append Redis
 * refuses or leaves unanswered for {@link #APPEND_TIMEOUT}, a message is dropped, counted and logged (members
 * then miss an event, as a client losing its socket would; the join and request timeouts cover lost replies).
 * An append Lettuce sends again after a reconnect, though Redis had it, is taken once: readers refuse a second
 * entry with the same signed number.
 *
 * <p>On a Redis Cluster both connections are cluster connections of their own: the appends and the blocking
 * read go to the shard that holds the stream, and the read blocks only its own connection to it.
 */
public final class RedisClusterBus implements ClusterBus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisClusterBus.class);
    /** Entries Redis keeps (about): a node that lost Redis for longer than this many messages misses the rest. */
    static final long STREAM_LENGTH = 50_000;
    static final int MAX_WAITING = 10_000;
    static final Duration BLOCK = Duration.ofSeconds(1);
    /**
     * How long an append waits for Redis's answer. Redis runs a connection's commands in order, so an append it is
     * slow to answer (a stall, a machine at load average 30) is late, not lost: it lands, and the readers take it
     * if it is under {@link BusSignature#MAX_AGE_MILLIS} old by then. Giving up at the command timeout only called
     * delivered messages dropped. Half the readers' window, so what is confirmed is also still taken.
     */
    static final Duration APPEND_TIMEOUT = Duration.ofMillis(BusSignature.MAX_AGE_MILLIS / 2);
    private static final int BATCH = 500;
    private static final long MAX_BACKOFF_MS = 1_000;

    private final RedisCommandLink link;
    private final String stream;
    private final String nodeId;
    private final Duration timeout;
    private final Counter sent;
    private final Counter received;
    private final Counter dropped;
    private final Counter refused;
    /** Signs what this node appends and checks what it reads; on the bus thread only. */
    private final BusSignature signature;
    private volatile long lastRefusalLog;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "livestage-cluster-bus");
        t.setDaemon(true);
        return t;
    });
    // Touched only on the bus thread.
    private final ArrayDeque<BusMessage> waiting = new ArrayDeque<>();
    /** Reconnects by itself once made (Lettuce); until then, and while it is away, messages wait. */
    private StatefulConnection<String, String> writer;
    private boolean flushScheduled;
    /** The latest append, which a closing node waits for (Redis answers a connection's commands in order). */
    private CompletionStage<String> lastAppend = CompletableFuture.completedFuture(null);
    private StatefulConnection<String, String> reader;
    private String lastId;
    private long backoffMs = 50;
    private final List<Consumer<BusMessage>> receivers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile long lastDropLog;

    /** @param keyPrefix the deployment's Redis key prefix, as the node registry's */
    public RedisClusterBus(RedisCommandLink link, String keyPrefix, String nodeId, String secret, Duration timeout,
                           MeterRegistry meters) {
        this.link = link;
        this.signature = new BusSignature(secret);
        this.stream = keyPrefix + ":{cluster}:bus";
        this.nodeId = nodeId;
        this.timeout = timeout;
        this.sent = Counter.builder("livestage_cluster_bus_sent").description("messages this node put on the cluster bus")
                .register(meters);
        this.received = Counter.builder("livestage_cluster_bus_received")
                .description("messages for this node taken off the cluster bus").register(meters);
        this.refused = Counter.builder("livestage_cluster_bus_refused")
                .description("entries on the cluster bus this node refused: unsigned, signed with another secret, or old")
                .register(meters);
        this.dropped = Counter.builder("livestage_cluster_bus_dropped")
                .description("messages this node could not put on the cluster bus (Redis away or refusing)")
                .register(meters);
    }

    /** Starts reading from the stream's end as it is now, and opens the writer. */
    public RedisClusterBus start() {
        thread.execute(this::connectReader);
        thread.execute(this::connectWriter);
        return this;
    }

    String stream() {
        return stream;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void receive(Consumer<BusMessage> receiver) {
        receivers.add(receiver);
    }

    @Override
    public void send(BusMessage message) {
        if (!closed) {
            thread.execute(() -> write(message));
        }
    }

    private void write(BusMessage message) {
        if (writer == null || !writer.isOpen() || !waiting.isEmpty()) {
            if (waiting.size() >= MAX_WAITING) {
                drop("the bus's Redis is away and " + MAX_WAITING + " messages already wait");
            } else {
                waiting.add(message);
            }
            flushLater();
            return;
        }
        append(message);
    }

    private void append(BusMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("k", message.kind().name());
        fields.put("r", message.roomId());
        fields.put("f", message.fromNode());
        fields.put("t", message.toNode());
        fields.put("m", message.member());
        fields.put("b", message.body());
        fields.put("x", message.meta());
        signature.sign(fields, System.currentTimeMillis());
        lastAppend = RedisCommandLink.async(writer).xadd(stream, XAddArgs.Builder.maxlen(STREAM_LENGTH).approximateTrimming(), fields);
        lastAppend.whenComplete((id, failure) -> {
            if (failure == null) {
                sent.increment();
            } else {
                drop(failure.toString());
            }
        });
    }

    private void connectWriter() {
        connect().whenCompleteAsync((made, failure) -> {
            if (failure != null) {
                retry("connect the writer to", failure, this::connectWriter);
            } else if (closed) {
                made.closeAsync();
            } else {
                made.setTimeout(APPEND_TIMEOUT);
                writer = made;
                flush();
            }
        }, thread);
    }

    /** Appends what waited, in order, once the writer is up. */
    private void flush() {
        flushScheduled = false;
        while (!waiting.isEmpty() && writer != null && writer.isOpen()) {
            append(waiting.poll());
        }
        if (!waiting.isEmpty()) {
            flushLater();
        }
    }

    private void flushLater() {
        if (!flushScheduled && !closed) {
            flushScheduled = true;
            thread.schedule(this::flush, 100, TimeUnit.MILLISECONDS);
        }
    }

    private CompletionStage<StatefulConnection<String, String>> connect() {
        return link.connect();
    }

    private void connectReader() {
        connect().whenCompleteAsync((made, failure) -> {
            if (failure != null) {
                retry("connect", failure, this::connectReader);
            } else if (closed) {
                made.closeAsync();
            } else {
                made.setTimeout(BLOCK.plus(timeout));
                reader = made;
                if (lastId == null) {
                    locateEnd();
                } else {
                    read();
                }
            }
        }, thread);
    }

    /** The stream's last entry now: the first entry after it is the first this node reads. */
    private void locateEnd() {
        RedisCommandLink.async(reader).xrevrange(stream, Range.create("-", "+"), Limit.from(1)).whenCompleteAsync((last, failure) -> {
            if (failure != null) {
                retry("find the end of", failure, this::locateEnd);
                return;
            }
            lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
            read();
        }, thread);
    }

    // Lettuce's xread takes generic varargs; one offset of type StreamOffset<String> is safe.
    @SuppressWarnings("unchecked")
    private void read() {
        if (closed) {
            return;
        }
        RedisCommandLink.async(reader).xread(XReadArgs.Builder.block(BLOCK).count(BATCH), XReadArgs.StreamOffset.from(stream, lastId))
                .whenCompleteAsync((entries, failure) -> {
                    if (failure != null) {
                        retry("read", failure, reader.isOpen() ? this::read : this::connectReader);
                        return;
                    }
                    backoffMs = 50;
                    deliver(entries);
                    read();
                }, thread);
    }

    private void deliver(List<StreamMessage<String, String>> entries) {
        if (entries == null) {
            return;
        }
        for (StreamMessage<String, String> entry : entries) {
            lastId = entry.getId();
            String refusal = signature.refusal(entry.getBody(), System.currentTimeMillis());
            if (refusal != null) {
                refuse(entry.getId(), refusal);
                continue;
            }
            BusMessage message;
            try {
                message = parse(entry.getBody());
            } catch (RuntimeException e) {
                log.warn("skipping unreadable cluster bus entry {}: {}", entry.getId(), e.getMessage());
                continue;
            }
            if (message.isFor(nodeId)) {
                received.increment();
                for (Consumer<BusMessage> receiver : receivers) {
                    try {
                        receiver.accept(message);
                    } catch (RuntimeException e) {
                        log.error("cluster bus entry {} ({} of room {}) could not be handled", entry.getId(),
                                message.kind(), message.roomId(), e);
                    }
                }
            }
        }
    }

    /** An entry not signed by a node of this cluster, or too old: skipped, counted, logged at most once a minute. */
    private void refuse(String entryId, String why) {
        refused.increment();
        long now = System.nanoTime();
        if (now - lastRefusalLog > TimeUnit.MINUTES.toNanos(1)) {
            lastRefusalLog = now;
            log.warn("refused cluster bus entry {}: {} ({} refused so far); every node needs the same cluster.secret",
                    entryId, why, (long) refused.count());
        }
    }

    static BusMessage parse(Map<String, String> fields) {
        return new BusMessage(BusMessage.Kind.valueOf(fields.get("k")), fields.get("r"), fields.get("f"),
                fields.get("t"), fields.get("m"), fields.get("b"), fields.get("x"));
    }

    private void retry(String what, Throwable failure, Runnable step) {
        if (closed) {
            return;
        }
        log.debug("cluster bus could not {} {}, retrying in {} ms: {}", what, stream, backoffMs, failure.toString());
        thread.schedule(step, backoffMs, TimeUnit.MILLISECONDS);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }

    private void drop(String why) {
        dropped.increment();
        // One line per second at most: an outage must not flood the log.
        long now = System.currentTimeMillis();
        if (now - lastDropLog > 1_000) {
            lastDropLog = now;
            log.warn("cluster bus message dropped: {} ({} dropped so far)", why, (long) dropped.count());
        }
    }

    /** Appends what was handed in before (waiting up to the command timeout), then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            thread.submit(() -> lastAppend.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("cluster bus closed with appends unconfirmed: {}", e.toString());
        }
        closed = true;
        thread.shutdownNow();
        if (writer != null) {
            writer.closeAsync();
        }
        if (reader != null) {
            reader.closeAsync();
        }
    }
}
