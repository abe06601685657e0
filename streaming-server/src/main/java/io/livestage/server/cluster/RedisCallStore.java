package io.livestage.server.cluster;

import io.lettuce.core.ScriptOutputType;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.call.CallRecord;
import io.livestage.signaling.call.CallStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's calls in progress in Redis: one hash per call, {@code <prefix>:callrun:{<callId>}} (the hash tag
 * is the call, so each script touches one slot on Redis Cluster), written by the node that runs the call at each
 * change of its billing clock, claimed by another node when that one dies. Writes are scripts that check the
 * {@code node} field first, so a node that lost its call (it was taken over) cannot write over the new runner.
 */
public final class RedisCallStore implements CallStore {
    private static final Logger log = LoggerFactory.getLogger(RedisCallStore.class);
    /** Longer than any call: a record its node never removed (it died, nobody came back) goes by itself. */
    static final Duration KEPT = Duration.ofDays(1);

    /** Writes the record's fields unless another node runs the call. */
    private static final String SAVE = """
            local node = redis.call('HGET', KEYS[1], 'node')
            if node and node ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";
    private static final String REMOVE = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    /** Moves the call from ARGV[1] to ARGV[2], only if ARGV[1] still runs it. */
    private static final String CLAIM = """
            if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
              redis.call('HSET', KEYS[1], 'node', ARGV[2])
              return 1
            end
            return 0""";

    private final RedisCommandLink redis;
    private final String keyPrefix;

    /** @param keyPrefix the deployment's Redis key prefix (shared with gifts and wallets) */
    public RedisCallStore(RedisCommandLink redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    String key(String callId) {
        return keyPrefix + ":callrun:{" + callId + "}";
    }

    @Override
    public CompletionStage<Boolean> save(CallRecord call) {
        String[] args = {call.node(), Long.toString(KEPT.toMillis()),
                "node", call.node(), "room", call.roomId(), "caller", call.callerId(), "callerName", call.callerName(),
                "consultant", call.consultantId(), "consultantName", call.consultantName(),
                "rate", Long.toString(call.rate()), "minutes", Integer.toString(call.minutesCharged()),
                "charged", Long.toString(call.charged()), "balance", Long.toString(call.balance()),
                "activeMs", Long.toString(call.activeMillis())};
        return redis.run(commands -> commands.<Long>eval(SAVE, ScriptOutputType.INTEGER, new String[] {key(call.callId())}, args))
                .handle((written, failure) -> {
                    if (failure != null) {
                        log.warn("call {}: could not record its billing clock: {}", call.callId(), failure.toString());
                        return true;
                    }
                    if (written == 0) {
                        log.warn("call {}: not recorded, another node carries it on now", call.callId());
                        return false;
                    }
                    return true;
                });
    }

    @Override
    public void remove(String callId, String node) {
        redis.run(commands -> commands.<Long>eval(REMOVE, ScriptOutputType.INTEGER, new String[] {key(callId)}, node))
                .whenComplete((removed, failure) -> {
                    if (failure != null) {
                        log.warn("call {}: could not remove its record (it expires by itself): {}", callId, failure.toString());
                    }
                });
    }

    @Override
    public CompletionStage<Optional<CallRecord>> find(String callId) {
        return redis.run(commands -> commands.hgetall(key(callId))).thenApply(fields -> record(callId, fields));
    }

    @Override
    public CompletionStage<Boolean> claim(String callId, String fromNode, String toNode) {
        return redis.run(commands -> commands.<Long>eval(CLAIM, ScriptOutputType.INTEGER, new String[] {key(callId)},
                fromNode, toNode)).thenApply(moved -> moved == 1L);
    }

    private static Optional<CallRecord> record(String callId, Map<String, String> fields) {
        if (fields == null || !fields.containsKey("node")) {
            return Optional.empty();
        }
        return Optional.of(new CallRecord(callId, fields.get("room"), fields.get("node"), fields.get("caller"),
                fields.get("callerName"), fields.get("consultant"), fields.get("consultantName"),
                Long.parseLong(fields.get("rate")), Integer.parseInt(fields.get("minutes")),
                Long.parseLong(fields.get("charged")), Long.parseLong(fields.get("balance")),
                Long.parseLong(fields.get("activeMs"))));
    }
}
