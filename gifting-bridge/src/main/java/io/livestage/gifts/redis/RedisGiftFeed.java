package io.livestage.gifts.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.livestage.gifts.GiftEvent;
import io.livestage.gifts.GiftFeed;
import io.livestage.gifts.GiftMetrics;
import io.livestage.gifts.RoomWatchers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's one reader of the gifts stream. It starts at the stream's end when the node starts, then
 * loops XREAD BLOCK from the last entry it handed out, on a dedicated connection so commands never wait
 * behind a blocked read. Each step is asynchronous and continues on the feed's own thread, which also runs
 * the watchers. After any failure it retries with backoff from the same id: an entry is passed on once,
 * in stream order, and none is skipped.
 */
public final class RedisGiftFeed implements GiftFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGiftFeed.class);
    static final Duration BLOCK = Duration.ofSeconds(1);
    static final int BATCH = 500;
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1_000;

    private final RedisLink link;
    private final String stream;
    private final GiftMetrics metrics;
    private final RoomWatchers watchers = new RoomWatchers();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "livestage-gift-feed");
        t.setDaemon(true);
        return t;
    });
    // The fields below are touched only on the feed thread.
    private volatile RedisLink.FeedConnection connection;
    private String lastId;
    /** Entries the stream had ever received when we started, plus those we read since: our position. */
    private long position;
    private long backoffMs = MIN_BACKOFF_MS;
    private volatile boolean closed;

    RedisGiftFeed(RedisLink link, RedisKeys keys, GiftMetrics metrics) {
        this.link = link;
        this.stream = keys.gifts();
        this.metrics = metrics;
        thread.execute(this::connect);
        thread.scheduleWithFixedDelay(this::measureLag, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public AutoCloseable watch(String roomId, Consumer<GiftEvent> listener) {
        return watchers.add(roomId, listener);
    }

    /** Completes once the feed knows where the stream ended at start; events after that are delivered. */
    CompletionStage<Void> started() {
        return started;
    }

    private void connect() {
        link.connectFeed(BLOCK).whenCompleteAsync((made, failure) -> {
            if (failure != null) {
                retry("connect", failure, this::connect);
            } else if (closed) {
                made.connection().closeAsync();
            } else {
                connection = made;
                if (lastId == null) {
                    locateEnd();
                } else {
                    read();
                }
            }
        }, thread);
    }

    /** Where the stream ends now: the first entry after it is the first this node delivers. */
    private void locateEnd() {
        connection.async().xinfoStream(stream).whenCompleteAsync((info, failure) -> {
            if (failure == null) {
                StreamInfo end = StreamInfo.of(info);
                begin(end.lastId(), end.entriesAdded());
            } else if (noSuchKey(failure)) {
                begin("0-0", 0);
            } else {
                retry("locate the stream end", failure, this::locateEnd);
            }
        }, thread);
    }

    private void begin(String id, long entriesAdded) {
        lastId = id;
        position = entriesAdded;
        started.complete(null);
        read();
    }

    // Lettuce's xread takes generic varargs; one offset of type StreamOffset<String> is safe.
    @SuppressWarnings("unchecked")
    private void read() {
        if (closed) {
            return;
        }
        XReadArgs.StreamOffset<String> from = XReadArgs.StreamOffset.from(stream, lastId);
        connection.async().xread(XReadArgs.Builder.block(BLOCK).count(BATCH), from)
                .whenCompleteAsync((entries, failure) -> {
                    if (failure != null) {
                        retry("read", failure, this::read);
                        return;
                    }
                    backoffMs = MIN_BACKOFF_MS;
                    deliver(entries);
                    read();
                }, thread);
    }

    private void deliver(List<StreamMessage<String, String>> entries) {
        if (entries == null || closed) {
            return;
        }
        metrics.read(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            lastId = entry.getId();
            position++;
            Optional<GiftEvent> event = StreamEvents.parse(entry.getId(), entry.getBody());
            if (event.isEmpty()) {
                LOG.warn("skipping malformed gift event {} in {}: {}", entry.getId(), stream, entry.getBody());
            } else if (watchers.dispatch(event.get())) {
                metrics.delivered(event.get().ts());
            }
        }
    }

    private void retry(String what, Throwable failure, Runnable step) {
        if (closed) {
            return;
        }
        metrics.redisError();
        LOG.debug("gift feed could not {}, retrying in {} ms: {}", what, backoffMs, failure.toString());
        thread.schedule(step, backoffMs, TimeUnit.MILLISECONDS);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }

    /** Samples how many entries the stream received that this node has not read yet. */
    private void measureLag() {
        if (lastId == null || closed) {
            return;
        }
        link.commands().thenCompose(redis -> redis.xinfoStream(stream)).whenCompleteAsync((info, failure) -> {
            if (failure == null) {
                metrics.behind(StreamInfo.of(info).entriesAdded() - position);
            }
        }, thread);
    }

    private static boolean noSuchKey(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return (failure instanceof RedisCommandExecutionException || cause instanceof RedisCommandExecutionException)
                && String.valueOf(cause.getMessage()).contains("no such key");
    }

    @Override
    public void close() {
        closeAsync();
    }

    /** Stops reading and closes the feed connection; completes when it is closed. */
    CompletableFuture<Void> closeAsync() {
        closed = true;
        thread.shutdownNow();
        watchers.clear();
        RedisLink.FeedConnection open = connection;
        return open == null ? CompletableFuture.completedFuture(null) : open.connection().closeAsync();
    }
}
