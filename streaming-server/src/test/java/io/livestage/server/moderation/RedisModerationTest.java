package io.livestage.server.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bans and reports through the real Redis on 127.0.0.1:6379 (under a key prefix of this run's own,
 * removed afterwards): a ban made on one node keeps the user out of the creator's next show on
 * another, and reports land in the stream the platform reads.
 */
class RedisModerationTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final Map<String, String> redis = Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix);

    @Test
    void aBanOnOneNodeHoldsOnAnotherAndReportsReachTheStream() throws Exception {
        try (LiveStageServer first = TestServers.start(redis);
             LiveStageServer second = TestServers.start(redis);
             TestClient host = TestClient.as(first, "rm-host", "creator");
             TestClient pest = TestClient.as(first, "rm-pest", "viewer");
             TestClient hostElsewhere = TestClient.as(second, "rm-host", "creator");
             TestClient pestElsewhere = TestClient.as(second, "rm-pest", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "First")).path("roomId").asText();
            assertEquals("room.joined", pest.request(TestClient.message("room.join").put("roomId", roomId)).path("type").asText());
            JsonNode chat = pest.request(TestClient.message("chat.send").put("roomId", roomId).put("text", "spam spam"));
            JsonNode filed = pest.request(TestClient.message("report.send").put("roomId", roomId).put("reason", "other"));
            assertEquals("report.received", filed.path("type").asText(), filed.toString());
            JsonNode reported = host.request(TestClient.message("report.send").put("roomId", roomId)
                    .put("messageId", chat.path("msgId").asText()).put("reason", "spam"));
            assertEquals("report.received", reported.path("type").asText(), reported.toString());

            JsonNode banned = host.request(TestClient.message("room.moderate").put("roomId", roomId)
                    .put("userId", "rm-pest").put("action", "ban"));
            assertEquals("room.moderated", banned.path("type").asText(), banned.toString());
            assertEquals("banned", pest.event("room.removed").path("reason").asText());
            host.request(TestClient.message("show.end").put("roomId", roomId));

            String next = hostElsewhere.request(TestClient.message("show.start").put("title", "Second")).path("roomId").asText();
            JsonNode refused = pestElsewhere.request(TestClient.message("room.join").put("roomId", next));
            assertEquals("forbidden", refused.path("code").asText(), refused.toString());
            assertEquals("banned", refused.path("reason").asText());

            List<StreamMessage<String, String>> reports = stream(prefix + ":reports");
            assertEquals(2, reports.size());
            assertEquals("rm-pest", reports.get(0).getBody().get("reporterId"));
            assertEquals("rm-host", reports.get(0).getBody().get("userId"), "a report of the show names its host");
            assertEquals("spam spam", reports.get(1).getBody().get("text"));
            assertEquals("spam", reports.get(1).getBody().get("reason"));

            hostElsewhere.request(TestClient.message("room.moderate").put("roomId", next)
                    .put("userId", "rm-pest").put("action", "unban"));
            assertEquals("room.joined", pestElsewhere.request(TestClient.message("room.join").put("roomId", next))
                    .path("type").asText());
        }
    }

    private static List<StreamMessage<String, String>> stream(String key) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().xrange(key, Range.create("-", "+"));
        } finally {
            client.shutdown();
        }
    }

    @AfterEach
    void removeKeys() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(prefix + ":*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
