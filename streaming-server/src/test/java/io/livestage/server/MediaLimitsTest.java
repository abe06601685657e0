package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SFU's per-user subscription cap as clients see it: a typed {@code rate_limited} error. */
class MediaLimitsTest {

    @Test
    void aSubscriptionOverTheUsersCapIsRateLimitedUntilOneEnds() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_MEDIA_MAX_SUBSCRIPTIONS_PER_USER", "1"));
             TestClient host = TestClient.as(server, "cap-host", "creator");
             TestClient phone = TestClient.as(server, "cap-viewer", "viewer");
             TestClient laptop = TestClient.as(server, "cap-viewer", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Capped")).path("roomId").asText();
            phone.request(TestClient.message("room.join").put("roomId", roomId));
            laptop.request(TestClient.message("room.join").put("roomId", roomId));
            JsonNode offer = phone.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("media.offer", offer.path("type").asText(), offer.toString());

            JsonNode refused = laptop.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("rate_limited", refused.path("code").asText(), refused.toString());
            assertTrue(refused.path("message").asText().contains("at most 1 media subscriptions per user"),
                    refused.toString());

            phone.request(TestClient.message("room.leave").put("roomId", roomId));
            JsonNode later = laptop.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("media.offer", later.path("type").asText(), later.toString());
        }
    }
}
