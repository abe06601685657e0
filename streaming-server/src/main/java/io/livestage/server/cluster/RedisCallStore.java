package io.livestage.server.cluster;

import io.livestage.signaling.cluster.RunStore;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.call.CallRecord;
import io.livestage.signaling.call.CallRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The cluster's calls in progress in Redis, {@code <prefix>:callrun:{<callId>}} ({@link RedisRunStore}). */
public final class RedisCallStore implements RunStore<CallRecord> {
    private final RedisRunStore records;

    /** @param keyPrefix the deployment's Redis key prefix (shared with gifts and wallets) */
    public RedisCallStore(RedisCommandLink redis, String keyPrefix) {
        this.records = new RedisRunStore(redis, keyPrefix, "callrun");
    }

    String key(String callId) {
        return records.key(callId);
    }

    @Override
    public CompletionStage<Boolean> save(CallRecord call) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("room", call.roomId());
        fields.put("caller", call.callerId());
        fields.put("callerName", call.callerName());
        fields.put("consultant", call.consultantId());
        fields.put("consultantName", call.consultantName());
        fields.put("rate", Long.toString(call.rate()));
        fields.put("minutes", Integer.toString(call.minutesCharged()));
        fields.put("charged", Long.toString(call.charged()));
        fields.put("balance", Long.toString(call.balance()));
        fields.put("activeMs", Long.toString(call.activeMillis()));
        return records.save(call.callId(), call.node(), fields);
    }

    /** Waits up to {@code timeout} for the records' writes handed in so far, before the node's Redis link closes. */
    public void awaitWrites(Duration timeout) {
        records.awaitWrites(timeout);
    }

    @Override
    public void remove(String callId, String node) {
        records.remove(callId, node);
    }

    @Override
    public CompletionStage<Optional<CallRecord>> find(String callId) {
        return records.find(callId).thenApply(found -> found.map(fields -> new CallRecord(callId, fields.get("room"),
                fields.get("node"), fields.get("caller"), fields.get("callerName"), fields.get("consultant"),
                fields.get("consultantName"), Long.parseLong(fields.get("rate")), Integer.parseInt(fields.get("minutes")),
                Long.parseLong(fields.get("charged")), Long.parseLong(fields.get("balance")),
                Long.parseLong(fields.get("activeMs")))));
    }

    @Override
    public CompletionStage<Boolean> claim(String callId, String fromNode, String toNode) {
        return records.claim(callId, fromNode, toNode);
    }
}
