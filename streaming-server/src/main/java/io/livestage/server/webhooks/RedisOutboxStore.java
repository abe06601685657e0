package io.livestage.server.webhooks;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livestage.server.redis.RedisCommandLink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The outbox in Redis, shared by every node: one stream {@code <prefix>:{webhooks}:outbox} holds every
 * event; each endpoint is a consumer group of it (created at the stream's end when a node that knows the
 * endpoint starts, before it appends anything, so a new endpoint gets events from then on), read by one consumer name, {@code deliverer}, so
 * entries handed out and not acknowledged (the node delivering them died) are read again first by
 * whichever node delivers next (the lease holder also makes the group again should the stream have been
 * deleted). Which node that is decides a lease per endpoint
 * ({@code <prefix>:{webhooks}:lease:<endpoint>}, SET with expiry, renewed by its holder), and reads
 * check the lease in the same script, so a node that lost it reads nothing more. Acknowledging is the
 * endpoint's place; it survives restarts of every node. Appends are kept once per delivery id
 * ({@code seen:<id>} for the retention) and the stream is trimmed to the retention (by entry id, that is
 * by time), longer than the retry window, so only events already delivered or given up are trimmed.
 * All keys share the hash tag {@code {webhooks}} (or the prefix's own, which comes first, on a Redis Cluster),
 * so the scripts run on one slot of a cluster.
 */
public final class RedisOutboxStore implements OutboxStore {
    /** What {@code CLIENT LIST} shows for the store's connections. */
    public static final String CLIENT_NAME = "livestage-webhooks";
    static final String CONSUMER = "deliverer";
    static final long MAX_DEAD_LETTERS = 100_000;

    private static final String APPEND = """
            if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
              redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[1], '*',
                'id', ARGV[3], 'type', ARGV[4], 'createdAt', ARGV[5], 'body', ARGV[6])
              return 1
            end
            return 0""";
    private static final String ACQUIRE = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            pcall(redis.call, 'XGROUP', 'CREATE', KEYS[2], ARGV[3], '$', 'MKSTREAM')
            return 1""";
    private static final String PREPARE = """
            for _, endpoint in ipairs(ARGV) do
              pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], endpoint, '$', 'MKSTREAM')
            end
            return 1""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1""";
    private static final String NEXT = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {0} end
            local read = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4], 'STREAMS', KEYS[1], '0')
            if not (read and #read[1][2] > 0) then
              read = redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4], 'STREAMS', KEYS[1], '>')
            end
            local out = {1}
            if read then
              for _, entry in ipairs(read[1][2]) do out[#out + 1] = entry end
            end
            return out""";
    private static final String BACKLOG = """
            local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
            if not ok then return {0, ''} end
            for _, g in ipairs(groups) do
              local f = {}
              for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
              if f['name'] == ARGV[1] then
                local pending, lag, last = f['pending'], f['lag'], f['last-delivered-id']
                if not lag then
                  lag = #redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 10000)
                end
                local oldest = ''
                if pending > 0 then
                  oldest = redis.call('XPENDING', KEYS[1], ARGV[1])[2]
                elseif lag > 0 then
                  local first = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)
                  if #first > 0 then oldest = first[1][1] end
                end
                return {pending + lag, oldest}
              end
            end
            return {0, ''}""";

    private final RedisCommandLink redis;
    private final String prefix;
    private final Clock clock;
    private final long retentionMs;

    /**
     * @param redis     the store's own link (standalone or cluster), closed with the store
     * @param retention how long events and their delivery ids are kept: longer than the retry window, so an
     *                  event is trimmed only once every endpoint delivered it or gave it up
     */
    public RedisOutboxStore(RedisCommandLink redis, String prefix, Duration retention, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = clock;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public CompletionStage<Boolean> append(OutboxRecord record) {
        String minId = Math.max(0, clock.millis() - retentionMs) + "-0";
        return this.<Long>run(redis -> redis.eval(APPEND, ScriptOutputType.INTEGER,
                        new String[] {outboxKey(), seenKey(record.deliveryId())}, minId, Long.toString(retentionMs),
                        record.deliveryId(), record.type(), Long.toString(record.createdAtMillis()), record.body()))
                .thenApply(appended -> appended == 1);
    }

    @Override
    public CompletionStage<Void> prepare(List<String> endpoints) {
        return this.<Long>run(redis -> redis.eval(PREPARE, ScriptOutputType.INTEGER, new String[] {outboxKey()},
                endpoints.toArray(String[]::new))).thenApply(done -> null);
    }

    @Override
    public CompletionStage<Boolean> acquire(String endpoint, String owner, Duration lease) {
        return this.<Long>run(redis -> redis.eval(ACQUIRE, ScriptOutputType.INTEGER,
                new String[] {leaseKey(endpoint), outboxKey()}, owner, Long.toString(lease.toMillis()), endpoint))
                .thenApply(held -> held == 1);
    }

    @Override
    public CompletionStage<Void> release(String endpoint, String owner) {
        return this.<Long>run(redis -> redis.eval(RELEASE, ScriptOutputType.INTEGER,
                new String[] {leaseKey(endpoint)}, owner)).thenApply(released -> null);
    }

    @Override
    public CompletionStage<List<OutboxEntry>> next(String endpoint, String owner, int max) {
        return this.<List<Object>>run(redis -> redis.eval(NEXT, ScriptOutputType.MULTI,
                        new String[] {outboxKey(), leaseKey(endpoint)}, owner, endpoint, CONSUMER, Integer.toString(max)))
                .thenApply(RedisOutboxStore::entries);
    }

    /**
     * The script's answer: {@code [0]} when the lease is not the owner's, else {@code [1, entry...]}, each entry
     * {@code [id, [field, value, ...]]} with its fields null once trimmed.
     */
    private static List<OutboxEntry> entries(List<Object> raw) {
        if (((Number) raw.get(0)).longValue() == 0) {
            return null;
        }
        List<OutboxEntry> entries = new ArrayList<>(raw.size());
        for (Object item : raw.subList(1, raw.size())) {
            List<?> entry = (List<?>) item;
            String position = text(entry.get(0));
            Object fields = entry.size() > 1 ? entry.get(1) : null;
            entries.add(new OutboxEntry(position, fields instanceof List<?> list && !list.isEmpty() ? record(list) : null));
        }
        return entries;
    }

    private static OutboxRecord record(List<?> fields) {
        String id = null;
        String type = null;
        String body = null;
        long createdAt = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = text(fields.get(i + 1));
            switch (text(fields.get(i))) {
                case "id" -> id = value;
                case "type" -> type = value;
                case "createdAt" -> createdAt = Long.parseLong(value);
                case "body" -> body = value;
                default -> { }
            }
        }
        return id == null || type == null || body == null ? null : new OutboxRecord(id, type, createdAt, body);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public CompletionStage<Void> settle(String endpoint, String position) {
        return this.<Long>run(redis -> redis.xack(outboxKey(), endpoint, position)).thenApply(acked -> null);
    }

    @Override
    public CompletionStage<Void> deadLetter(String endpoint, OutboxEntry entry, int attempts, String lastError) {
        OutboxRecord record = entry.record();
        List<String> fields = new ArrayList<>(List.of("endpoint", endpoint, "position", entry.position(),
                "attempts", Integer.toString(attempts), "lastError", lastError));
        if (record != null) {
            fields.addAll(List.of("id", record.deliveryId(), "type", record.type(),
                    "createdAt", Long.toString(record.createdAtMillis()), "body", record.body()));
        }
        return this.<String>run(redis -> redis.xadd(deadKey(),
                        XAddArgs.Builder.maxlen(MAX_DEAD_LETTERS).approximateTrimming(),
                        (Object[]) fields.toArray(String[]::new)))
                .thenApply(id -> null);
    }

    @Override
    public CompletionStage<Backlog> backlog(String endpoint) {
        return this.<List<Object>>run(redis -> redis.eval(BACKLOG, ScriptOutputType.MULTI, new String[] {outboxKey()},
                endpoint)).thenApply(result -> {
                    long events = ((Number) result.get(0)).longValue();
                    String oldest = text(result.get(1));
                    return oldest.isEmpty() ? new Backlog(events, -1)
                            : new Backlog(events, Long.parseLong(oldest.substring(0, oldest.indexOf('-'))));
                });
    }

    String outboxKey() {
        return prefix + ":{webhooks}:outbox";
    }

    String leaseKey(String endpoint) {
        return prefix + ":{webhooks}:lease:" + endpoint;
    }

    String seenKey(String deliveryId) {
        return prefix + ":{webhooks}:seen:" + deliveryId;
    }

    String deadKey() {
        return prefix + ":{webhooks}:dead";
    }

    private <T> CompletionStage<T> run(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        return redis.run(command);
    }

    @Override
    public void close() {
        redis.close();
    }
}
