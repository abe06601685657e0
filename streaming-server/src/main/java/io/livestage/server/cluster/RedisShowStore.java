package io.livestage.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.RunStore;
import io.livestage.signaling.show.ModerationState;
import io.livestage.signaling.show.ShowRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cluster's live shows in Redis, {@code <prefix>:showrun:{<roomId>}} ({@link RedisRunStore}). */
public final class RedisShowStore implements RunStore<ShowRecord> {
    private static final Logger log = LoggerFactory.getLogger(RedisShowStore.class);
    private final ObjectMapper json = JsonMapper.builder().build();
    private final RedisRunStore records;

    /** @param keyPrefix the deployment's Redis key prefix (shared with gifts and wallets) */
    public RedisShowStore(RedisCommandLink redis, String keyPrefix) {
        this.records = new RedisRunStore(redis, keyPrefix, "showrun");
    }

    @Override
    public CompletionStage<Boolean> save(ShowRecord show) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", show.title());
        fields.put("host", show.hostId());
        fields.put("hostName", show.hostName());
        fields.put("hostAdult", Boolean.toString(show.hostAdult()));
        fields.put("startedMs", Long.toString(show.startedMillis()));
        fields.put("likes", Long.toString(show.likes()));
        try {
            fields.put("moderation", json.writeValueAsString(show.moderation()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a show's moderation could not be written as JSON", e);
        }
        return records.save(show.roomId(), show.node(), fields);
    }

    /** Waits up to {@code timeout} for the records' writes handed in so far, before the node's Redis link closes. */
    public void awaitWrites(Duration timeout) {
        records.awaitWrites(timeout);
    }

    @Override
    public void remove(String roomId, String node) {
        records.remove(roomId, node);
    }

    @Override
    public CompletionStage<Optional<ShowRecord>> find(String roomId) {
        return records.find(roomId).thenApply(found -> found.map(fields -> new ShowRecord(roomId, fields.get("node"),
                fields.get("title"), fields.get("host"), fields.get("hostName"),
                Boolean.parseBoolean(fields.get("hostAdult")), Long.parseLong(fields.get("startedMs")),
                Long.parseLong(fields.get("likes")), moderation(roomId, fields.get("moderation")))));
    }

    /**
     * The record's moderation; none in a record an older node wrote, and none, logged, if unreadable: the show had
     * better go on without it than not at all.
     */
    private ModerationState moderation(String roomId, String written) {
        if (written == null) {
            return ModerationState.NONE;
        }
        try {
            return json.readValue(written, ModerationState.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("showrun {}: unreadable moderation, not carried on: {}", roomId, e.getMessage());
            return ModerationState.NONE;
        }
    }

    @Override
    public CompletionStage<Boolean> claim(String roomId, String fromNode, String toNode) {
        return records.claim(roomId, fromNode, toNode);
    }
}
