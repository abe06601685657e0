package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gifts through the assembled server, end to end over WebSocket and HTTP: coins move once, the
 * gift reaches every member with its animation, retries charge nothing, bad input changes nothing.
 * Runs against the in-memory bridge and against the real Redis.
 */
abstract class GiftFlowContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    protected LiveStageServer server;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Configuration that selects the bridge under test. */
    protected abstract Map<String, String> bridge();

    @BeforeEach
    void start() {
        server = TestServers.start(bridge());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String user(String name) {
        return name + "-" + run;
    }

    private TestClient client(String name, String role, boolean adult) throws Exception {
        return TestClient.as(server, user(name), role, adult);
    }

    private String startShow(TestClient host) throws Exception {
        return host.request(TestClient.message("show.start").put("title", "Gifts")).path("roomId").asText();
    }

    private long devCredit(String name, long coins) throws Exception {
        HttpResponse<String> credited = post("/dev/credit", "{\"userId\":\"" + user(name) + "\",\"coins\":" + coins + "}", null);
        assertEquals(200, credited.statusCode(), credited.body());
        return TestClient.JSON.readTree(credited.body()).path("balance").asLong();
    }

    @Test
    void aGiftMovesCoinsOnceAndEveryMemberSeesItAnimated() throws Exception {
        try (TestClient host = client("host", "creator", true);
             TestClient fan = client("fan", "viewer", true);
             TestClient other = client("other", "viewer", true)) {
            String roomId = startShow(host);
            fan.request(TestClient.message("room.join").put("roomId", roomId));
            other.request(TestClient.message("room.join").put("roomId", roomId));
            assertEquals(100, devCredit("fan", 100));

            JsonNode catalog = fan.request(TestClient.message("gift.catalog"));
            assertEquals("gift.catalog", catalog.path("type").asText());
            JsonNode heart = catalog.path("gifts").get(1);
            assertEquals("heart", heart.path("giftId").asText());
            assertEquals(5, heart.path("price").asLong());
            assertEquals("small", heart.path("animation").path("tier").asText());

            JsonNode sent = fan.request(gift(roomId, "heart", 3, "k1"));
            assertEquals("gift.sent", sent.path("type").asText(), sent.toString());
            assertEquals(85, sent.path("balance").asLong());
            for (TestClient member : new TestClient[] {host, fan, other}) {
                JsonNode event = member.event("gift");
                assertEquals(sent.path("txId").asText(), event.path("txId").asText());
                assertEquals(user("fan"), event.path("from").path("userId").asText());
                assertEquals(user("host"), event.path("to").path("userId").asText());
                assertEquals(3, event.path("count").asInt());
                assertEquals("/gifts/heart.svg", event.path("animation").path("url").asText());
                JsonNode board = member.event("leaderboard");
                assertEquals(user("fan"), board.path("top").get(0).path("userId").asText());
                assertEquals(15, board.path("top").get(0).path("amount").asLong());
            }
            JsonNode hostWallet = host.request(TestClient.message("wallet.balance"));
            assertEquals(15, hostWallet.path("earnings").asLong());
            assertEquals(85, fan.request(TestClient.message("wallet.balance")).path("balance").asLong());

            JsonNode retry = fan.request(gift(roomId, "heart", 3, "k1"));
            assertEquals(sent.path("txId").asText(), retry.path("txId").asText(), "a retry returns the first result");
            assertEquals(85, retry.path("balance").asLong(), "and charges nothing");
            JsonNode again = fan.request(gift(roomId, "heart", 1, "k2"));
            assertEquals(80, again.path("balance").asLong());
            JsonNode comboEvent = other.event("gift");
            assertEquals(again.path("txId").asText(), comboEvent.path("txId").asText(),
                    "the retry showed nothing twice: the next event is the next gift");
            assertTrue(comboEvent.path("combo").asInt() >= 2, "the same gift again within the window: " + comboEvent);

            // Boards are coalesced to one a second: the one after the second gift comes a little later.
            assertEquals(20, other.event("leaderboard").path("top").get(0).path("amount").asLong());
            TestClient late = client("late", "viewer", true);
            JsonNode joined = late.request(TestClient.message("room.join").put("roomId", roomId));
            assertEquals(20, joined.path("leaderboard").get(0).path("amount").asLong(), "room.joined carries the board");
            late.close();
        }
    }

    @Test
    void refusalsAreTypedAndChangeNothing() throws Exception {
        try (TestClient host = client("host", "creator", true);
             TestClient fan = client("fan", "viewer", true);
             TestClient minor = client("minor", "viewer", false)) {
            String roomId = startShow(host);
            fan.request(TestClient.message("room.join").put("roomId", roomId));
            minor.request(TestClient.message("room.join").put("roomId", roomId));
            devCredit("fan", 10);
            devCredit("minor", 10);
            assertEquals("insufficient_funds", fan.request(gift(roomId, "rocket", 1, "a")).path("code").asText());
            assertEquals("forbidden", minor.request(gift(roomId, "rose", 1, "b")).path("code").asText(), "adults only");
            assertEquals("bad_request", host.request(gift(roomId, "rose", 1, "c")).path("code").asText(), "not to yourself");
            assertEquals("bad_request", fan.request(gift(roomId, "unicorn", 1, "d")).path("code").asText());
            assertEquals("bad_request", fan.request(gift(roomId, "rose", 100, "e")).path("code").asText(), "count limit");
            assertEquals("bad_request", fan.request(gift(roomId, "rose", 0, "f")).path("code").asText());
            assertEquals("bad_request", fan.request(gift("rnotlive", "rose", 1, "g")).path("code").asText());
            assertEquals(10, fan.request(TestClient.message("wallet.balance")).path("balance").asLong());
            assertEquals(10, minor.request(TestClient.message("wallet.balance")).path("balance").asLong());
            assertEquals(0, host.request(TestClient.message("wallet.balance")).path("earnings").asLong());
            assertTrue(fan.drain("gift").isEmpty() && host.drain("gift").isEmpty(), "no gift was shown");
        }
    }

    @Test
    void aShowWhoseHostIsNotAVerifiedAdultTakesNoGifts() throws Exception {
        try (TestClient minorHost = client("minorhost", "creator", false);
             TestClient adultHost = client("adulthost", "creator", true);
             TestClient fan = client("fan", "viewer", true)) {
            String minorShow = startShow(minorHost);
            String adultShow = startShow(adultHost);
            JsonNode joined = fan.request(TestClient.message("room.join").put("roomId", minorShow));
            assertFalse(joined.path("acceptsGifts").asBoolean(true), "clients offer no gifts there: " + joined);
            assertTrue(fan.request(TestClient.message("room.join").put("roomId", adultShow)).path("acceptsGifts")
                    .asBoolean(false));
            devCredit("fan", 10);

            JsonNode refused = fan.request(gift(minorShow, "rose", 1, "k1"));
            assertEquals("forbidden", refused.path("code").asText(), refused.toString());
            assertEquals(10, fan.request(TestClient.message("wallet.balance")).path("balance").asLong());
            assertEquals(0, minorHost.request(TestClient.message("wallet.balance")).path("earnings").asLong());
            assertEquals("gift.sent", fan.request(gift(adultShow, "rose", 1, "k2")).path("type").asText());
            assertEquals(List.of(), minorHost.drain("gift"), "nothing was shown in the minor's show");
        }
    }

    @Test
    void aKeyOrPurchaseIdReusedOnOtherTermsIsAConflictAndChangesNothing() throws Exception {
        try (TestClient host = client("host", "creator", true);
             TestClient fan = client("fan", "viewer", true)) {
            String roomId = startShow(host);
            fan.request(TestClient.message("room.join").put("roomId", roomId));
            devCredit("fan", 100);
            assertEquals(95, fan.request(gift(roomId, "heart", 1, "k1")).path("balance").asLong());
            JsonNode reused = fan.request(gift(roomId, "heart", 2, "k1"));
            assertEquals("conflict", reused.path("code").asText(), reused.toString());
            assertEquals(95, fan.request(TestClient.message("wallet.balance")).path("balance").asLong());
        }
        String first = "{\"userId\":\"" + user("buyer") + "\",\"coins\":250,\"purchaseId\":\"p-" + run + "\"}";
        String other = "{\"userId\":\"" + user("buyer") + "\",\"coins\":300,\"purchaseId\":\"p-" + run + "\"}";
        assertEquals(200, post("/api/wallet/credit", first, "Bearer livestage-dev-service-key").statusCode());
        HttpResponse<String> conflict = post("/api/wallet/credit", other, "Bearer livestage-dev-service-key");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals("conflict", TestClient.JSON.readTree(conflict.body()).path("error").asText());
        HttpResponse<String> replay = post("/api/wallet/credit", first, "Bearer livestage-dev-service-key");
        assertEquals(250, TestClient.JSON.readTree(replay.body()).path("balance").asLong(), "nothing more was credited");
    }

    @Test
    void thePlatformCreditsWalletsWithItsServiceKeyOncePerPurchase() throws Exception {
        String body = "{\"userId\":\"" + user("buyer") + "\",\"coins\":250,\"purchaseId\":\"p-" + run + "\"}";
        assertEquals(401, post("/api/wallet/credit", body, null).statusCode());
        assertEquals(401, post("/api/wallet/credit", body, "Bearer wrong-key-wrong-key").statusCode());
        HttpResponse<String> credited = post("/api/wallet/credit", body, "Bearer livestage-dev-service-key");
        assertEquals(200, credited.statusCode(), credited.body());
        assertEquals(250, TestClient.JSON.readTree(credited.body()).path("balance").asLong());
        HttpResponse<String> retried = post("/api/wallet/credit", body, "Bearer livestage-dev-service-key");
        assertEquals(250, TestClient.JSON.readTree(retried.body()).path("balance").asLong(), "idempotent by purchaseId");
        assertEquals(400, post("/api/wallet/credit", "{\"userId\":\"x\",\"coins\":-5,\"purchaseId\":\"q\"}",
                "Bearer livestage-dev-service-key").statusCode());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode gift(String roomId, String giftId, int count, String key) {
        return TestClient.message("gift.send").put("roomId", roomId).put("giftId", giftId).put("count", count).put("key", key);
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
