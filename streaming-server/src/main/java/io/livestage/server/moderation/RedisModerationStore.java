package io.livestage.server.moderation;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.moderation.Report;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Bans and reports in Redis, shared by every node. A creator's bans are a set,
 * {@code <prefix>:bans:{<creatorId>}}; the platform's bans from the whole service the set
 * {@code <prefix>:serverBans}, announced with the removals to every node on the pub/sub channel
 * {@code <prefix>:putOut}; reports are appended to the stream {@code <prefix>:reports},
 * which the platform reads (XREADGROUP) until reports go out as webhooks, trimmed to about
 * {@link #MAX_REPORTS} entries. Commands fail at once while Redis is away, and after
 * {@code timeout} otherwise, so a join or a ban hears "unavailable" rather than waiting.
 */
public final class RedisModerationStore implements ModerationStore {
    static final long MAX_REPORTS = 100_000;
    /** What {@code CLIENT LIST} shows for the store's connections. */
    public static final String CLIENT_NAME = "livestage-moderation";

    private final RedisCommandLink redis;
    private final String prefix;
    private PutOutListener putOuts;

    /** @param redis the store's own link (standalone or cluster), closed with the store */
    public RedisModerationStore(RedisCommandLink redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public CompletionStage<Boolean> isBanned(String creatorId, String userId) {
        return run(redis -> redis.sismember(bansKey(creatorId), userId));
    }

    @Override
    public CompletionStage<Void> setBanned(String creatorId, String userId, boolean banned) {
        return this.<Long>run(redis -> banned ? redis.sadd(bansKey(creatorId), userId) : redis.srem(bansKey(creatorId), userId))
                .thenApply(changed -> null);
    }

    @Override
    public CompletionStage<Boolean> isServerBanned(String userId) {
        return run(redis -> redis.sismember(serverBansKey(), userId));
    }

    @Override
    public CompletionStage<Void> setServerBanned(String userId, boolean banned) {
        return this.<Long>run(redis -> banned ? redis.sadd(serverBansKey(), userId) : redis.srem(serverBansKey(), userId))
                .thenApply(changed -> null);
    }

    @Override
    public CompletionStage<Void> putOutEverywhere(String userId, String reason) {
        return this.<Long>run(redis -> redis.publish(putOutChannel(), PutOutListener.message(userId, reason)))
                .thenApply(receivers -> null);
    }

    @Override
    public synchronized void onPutOut(BiConsumer<String, String> listener) {
        if (putOuts != null) {
            throw new IllegalStateException("this node listens for put-outs once");
        }
        putOuts = new PutOutListener(redis, putOutChannel(), listener);
        putOuts.start();
    }

    @Override
    public CompletionStage<String> report(Report report) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reporterId", report.reporterId());
        fields.put("roomId", report.roomId());
        fields.put("hostId", report.hostId());
        fields.put("userId", report.userId());
        if (report.messageId() != null) {
            fields.put("messageId", report.messageId());
            fields.put("text", report.text());
        }
        fields.put("reason", report.reason());
        fields.put("ts", Long.toString(report.ts()));
        return run(redis -> redis.xadd(reportsKey(), XAddArgs.Builder.maxlen(MAX_REPORTS).approximateTrimming(), fields));
    }

    /** The creator's ban set; the hash tag keeps it in one slot of a cluster. */
    String bansKey(String creatorId) {
        return prefix + ":bans:{" + creatorId + "}";
    }

    /** The users the platform banned from the whole service; one set, read at every sign-in. */
    String serverBansKey() {
        return prefix + ":serverBans";
    }

    /** Pub/sub channel of the platform's removals and bans from the service, heard by every node. */
    String putOutChannel() {
        return prefix + ":putOut";
    }

    String reportsKey() {
        return prefix + ":reports";
    }

    private <T> CompletionStage<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        return redis.run(command);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (putOuts != null) {
                putOuts.close();
            }
        }
        redis.close();
    }
}
