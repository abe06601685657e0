package io.livestage.gifts.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livestage.gifts.Erasure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Erases one user's non-ledger data from every key family that names them: their gift idempotency keys,
 * purchase, call and reversal records naming them, their leaderboard places and names, their open combos and
 * the recent gift events they sent or received. Wallet hashes and the ledger stream are never touched. Runs as
 * a series of SCANs (erasure is rare; no single command blocks Redis for long), not atomically.
 */
final class RedisErasure {
    private static final int PAGE = 500;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final String userId;

    RedisErasure(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, String userId) {
        this.redis = redis;
        this.keys = keys;
        this.userId = userId;
    }

    CompletionStage<Erasure> run() {
        long[] records = new long[1];
        long[] places = new long[1];
        return eachPage(keys.idempotencyOf(userId), this::delete)
                .thenCompose(n -> add(records, n, eachPage(keys.family("purchase"), page -> deleteNaming(page, "user"))))
                .thenCompose(n -> add(records, n, eachPage(keys.family("call"),
                        page -> deleteNaming(page, "caller", "consultant"))))
                .thenCompose(n -> add(records, n, eachPage(keys.family("reversal"), page -> deleteNaming(page, "from", "to"))))
                .thenCompose(n -> add(records, n, eachPage(keys.family("lb"), this::leavePlaces)))
                .thenCompose(n -> add(places, n, eachPage(keys.family("combo"), this::closeCombos)))
                .thenCompose(ignored -> giftEvents("-"))
                .thenApply(events -> new Erasure(records[0], places[0], events));
    }

    private static CompletionStage<Long> add(long[] total, long n, CompletionStage<Long> next) {
        total[0] += n;
        return next;
    }

    /** Applies {@code page} to each page of keys matching the glob; the sum of what it counted. */
    private CompletionStage<Long> eachPage(String match, Function<List<String>, CompletionStage<Long>> page) {
        return scan(ScanCursor.INITIAL, match, page, 0);
    }

    private CompletionStage<Long> scan(ScanCursor cursor, String match, Function<List<String>, CompletionStage<Long>> page,
                                       long total) {
        return redis.scan(cursor, ScanArgs.Builder.matches(match).limit(PAGE)).thenCompose((KeyScanCursor<String> found) ->
                (found.getKeys().isEmpty() ? CompletableFuture.completedFuture(0L) : page.apply(found.getKeys()))
                        .thenCompose(n -> found.isFinished() ? CompletableFuture.completedFuture(total + n)
                                : scan(found, match, page, total + n)));
    }

    private CompletionStage<Long> delete(List<String> page) {
        return redis.del(page.toArray(String[]::new));
    }

    /** Deletes the hashes of the page whose fields name the user. */
    private CompletionStage<Long> deleteNaming(List<String> page, String... fields) {
        List<CompletableFuture<List<KeyValue<String, String>>>> reads = new ArrayList<>(page.size());
        for (String key : page) {
            reads.add(redis.hmget(key, fields).toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            List<String> naming = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                if (reads.get(i).join().stream().anyMatch(v -> v.hasValue() && v.getValue().equals(userId))) {
                    naming.add(page.get(i));
                }
            }
            return naming.isEmpty() ? CompletableFuture.completedFuture(0L) : delete(naming);
        });
    }

    /** Removes the user from each board (a sorted set) and its names (the {@code :names} hash); counts board places. */
    private CompletionStage<Long> leavePlaces(List<String> page) {
        List<CompletableFuture<Long>> removed = new ArrayList<>(page.size());
        for (String key : page) {
            if (key.endsWith(":names")) {
                redis.hdel(key, userId);
            } else {
                removed.add(redis.zrem(key, userId).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                .thenApply(done -> removed.stream().mapToLong(CompletableFuture::join).sum());
    }

    /** Combos are keyed {@code sender:gift}; they close within seconds anyway, but name the sender until then. */
    private CompletionStage<Long> closeCombos(List<String> page) {
        String mine = RedisKeys.part(userId) + ":";
        List<CompletableFuture<Long>> removed = new ArrayList<>(page.size());
        for (String key : page) {
            removed.add(redis.hkeys(key).thenCompose(fields -> {
                String[] own = fields.stream().filter(f -> f.startsWith(mine)).toArray(String[]::new);
                return own.length == 0 ? CompletableFuture.completedFuture(0L) : redis.hdel(key, own);
            }).toCompletableFuture());
        }
        // Combos are presentation, not counted among the erased records.
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)).thenApply(done -> 0L);
    }

    /** Walks the gift events stream (bounded by its MAXLEN) and deletes the user's events, page by page. */
    private CompletionStage<Long> giftEvents(String after) {
        Range<String> range = after.equals("-") ? Range.create("-", "+")
                : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
        return redis.xrange(keys.gifts(), range, Limit.from(PAGE)).thenCompose((List<StreamMessage<String, String>> page) -> {
            List<String> mine = new ArrayList<>();
            for (StreamMessage<String, String> event : page) {
                if (userId.equals(event.getBody().get("from")) || userId.equals(event.getBody().get("to"))) {
                    mine.add(event.getId());
                }
            }
            CompletionStage<Long> deleted = mine.isEmpty() ? CompletableFuture.completedFuture(0L)
                    : redis.xdel(keys.gifts(), mine.toArray(String[]::new));
            if (page.size() < PAGE) {
                return deleted;
            }
            String last = page.get(page.size() - 1).getId();
            return deleted.thenCompose(n -> giftEvents(last).thenApply(more -> n + more));
        });
    }
}
