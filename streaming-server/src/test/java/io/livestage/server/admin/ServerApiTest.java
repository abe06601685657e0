package io.livestage.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.server.admin.ApiClient.Answer;
import io.livestage.signaling.admin.ApiRoute;
import io.livestage.signaling.config.AuthConfig;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server API against the real server and the real Redis on 127.0.0.1:6379 (a key prefix of this
 * test's own, deleted afterwards), over real HTTP on {@code admin.port}, with real WebSocket clients.
 */
class ServerApiTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final String KEY = AuthConfig.DEV_SERVICE_KEY;

    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private LiveStageServer server;
    private ApiClient api;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix,
                "LIVESTAGE_ADMIN_PORT", String.valueOf(TestServers.freePort()),
                // Not a test of timeouts: a machine shared with other builds must not turn a slow Redis into 503s.
                "LIVESTAGE_GIFTS_COMMAND_TIMEOUT_MS", "5000"));
        api = new ApiClient(server.adminPort(), KEY);
        redisClient = RedisClient.create(REDIS);
        redisConnection = redisClient.connect();
        redis = redisConnection.sync();
    }

    @AfterEach
    void stop() {
        server.close();
        redisConnection.close();
        redisClient.shutdown();
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    private String user(String name) {
        return name + "-" + run;
    }

    private TestClient client(String name, String role) throws Exception {
        return TestClient.as(server, user(name), role, true);
    }

    private static String startShow(TestClient host) throws Exception {
        return host.request(TestClient.message("show.start").put("title", "Live")).path("roomId").asText();
    }

    private static void join(TestClient viewer, String roomId) throws Exception {
        JsonNode joined = viewer.request(TestClient.message("room.join").put("roomId", roomId));
        assertEquals("room.joined", joined.path("type").asText(), joined.toString());
    }

    @Test
    void everyRouteRefusesCallersWithoutTheKeyAndThePublicPortHasNoApi() throws Exception {
        assertNotEquals(server.httpPort(), server.adminPort());
        List<ApiRoute> routes = server.apiRoutes();
        assertTrue(routes.size() >= 13, routes.toString());
        for (ApiRoute route : routes) {
            String path = route.template().replaceAll("\\{[^}]+}", "x");
            for (ApiClient caller : List.of(api.withKey(null), api.withKey("wrong-key-wrong-key"), api.withKey(KEY + "x"))) {
                Answer refused = caller.send(route.method().name(), path, "{}");
                assertEquals(401, refused.status(), route + ": " + refused.body());
                assertEquals("unauthorized", refused.error());
            }
        }
        ApiClient publicPort = new ApiClient(server.httpPort(), KEY);
        assertEquals(404, publicPort.get("/api/shows").status(), "the API is on admin.port only");
        assertEquals(404, publicPort.post("/api/wallet/credit", "{}").status());
        assertEquals(404, api.get("/health").status(), "admin.port serves the API alone");
        assertEquals(404, api.get("/api/nothing").status());
        assertEquals("method_not_allowed", api.send("DELETE", "/api/shows", null).error());
        Answer malformed = api.post("/api/shows/r1/remove", "{\"userId\":");
        assertEquals(400, malformed.status());
        assertEquals("bad_request", malformed.error());
        Answer tooLarge = api.post("/api/ledger/reversals", "{\"reversalId\":\"" + "x".repeat(20_000) + "\"}");
        assertEquals(413, tooLarge.status());
        assertEquals("too_large", tooLarge.error());
    }

    @Test
    void listsShowsAndCallsAndEndsAShowForEveryone() throws Exception {
        try (TestClient host = client("host", "creator");
             TestClient viewer = client("viewer", "viewer");
             TestClient consultant = TestClient.as(server, user("consultant"), "consultant", true);
             TestClient caller = client("caller", "viewer")) {
            String roomId = startShow(host);
            join(viewer, roomId);
            JsonNode shows = api.get("/api/shows").body().path("shows");
            assertEquals(1, shows.size(), shows.toString());
            assertEquals(roomId, shows.get(0).path("roomId").asText());
            assertEquals(user("host"), shows.get(0).path("hostId").asText());
            assertEquals(1, shows.get(0).path("viewers").asInt());

            consultant.request(TestClient.message("consultant.status").put("available", true));
            api.post("/api/wallet/credit", "{\"userId\":\"" + user("caller") + "\",\"coins\":100,\"purchaseId\":\"c-" + run + "\"}");
            JsonNode ringing = caller.request(TestClient.message("call.request").put("consultantId", user("consultant")));
            assertEquals("call.ringing", ringing.path("type").asText(), ringing.toString());
            JsonNode calls = api.get("/api/calls").body().path("calls");
            assertEquals(1, calls.size(), calls.toString());
            assertEquals(ringing.path("callId").asText(), calls.get(0).path("callId").asText());
            assertEquals(user("caller"), calls.get(0).path("callerId").asText());
            assertEquals(user("consultant"), calls.get(0).path("consultantId").asText());
            assertEquals("ringing", calls.get(0).path("state").asText());

            Answer ended = api.post("/api/shows/" + roomId + "/end", null);
            assertEquals(200, ended.status(), ended.body().toString());
            assertEquals("platform_ended", viewer.event("show.ended").path("reason").asText());
            assertEquals("platform_ended", host.event("show.ended").path("reason").asText());
            assertEquals(0, api.get("/api/shows").body().path("shows").size());
            Answer again = api.post("/api/shows/" + roomId + "/end", null);
            assertEquals(404, again.status());
            assertEquals("not_found", again.error());
        }
    }

    @Test
    void removesAndBansAUserFromAShow() throws Exception {
        try (TestClient host = client("host", "creator");
             TestClient first = client("first", "viewer");
             TestClient second = client("second", "viewer")) {
            String roomId = startShow(host);
            join(first, roomId);
            join(second, roomId);

            Answer removed = api.post("/api/shows/" + roomId + "/remove", "{\"userId\":\"" + user("first") + "\"}");
            assertEquals(200, removed.status(), removed.body().toString());
            assertEquals(1, removed.body().path("connections").asInt());
            assertEquals("removed", first.event("room.removed").path("reason").asText());
            JsonNode back = first.request(TestClient.message("room.join").put("roomId", roomId));
            assertEquals("forbidden", back.path("code").asText(), back.toString());

            Answer banned = api.post("/api/shows/" + roomId + "/ban", "{\"userId\":\"" + user("second") + "\"}");
            assertEquals(200, banned.status(), banned.body().toString());
            assertEquals("banned", second.event("room.removed").path("reason").asText());
            // Recorded as the host's own ban is, so it holds for the host's next shows on every node.
            assertTrue(redis.sismember(prefix + ":bans:{" + user("host") + "}", user("second")));

            assertEquals(404, api.post("/api/shows/" + roomId + "/remove", "{\"userId\":\"" + user("nobody") + "\"}").status(),
                    "not in the show");
            assertEquals(404, api.post("/api/shows/no-such-show/remove", "{\"userId\":\"x\"}").status());
            Answer noUser = api.post("/api/shows/" + roomId + "/ban", "{}");
            assertEquals(400, noUser.status());
            assertEquals("bad_request", noUser.error());
            assertEquals(400, api.post("/api/shows/" + roomId + "/remove", "{\"userId\":\"" + user("host") + "\"}").status(),
                    "the host is not removed from their own show");
        }
    }

    @Test
    void aServerBanClosesEveryConnectionWithTheTypedReasonAndRefusesSignIn() throws Exception {
        String banned = user("banned");
        try (TestClient phone = client("banned", "viewer");
             TestClient laptop = client("banned", "viewer");
             TestClient bystander = client("bystander", "viewer")) {
            Answer ban = api.post("/api/users/" + banned + "/ban", null);
            assertEquals(200, ban.status(), ban.body().toString());
            assertEquals(2, ban.body().path("connections").asInt());
            assertTrue(ban.body().path("banned").asBoolean());
            assertEquals(new TestClient.Closed(4003, "banned"), phone.closed());
            assertEquals(new TestClient.Closed(4003, "banned"), laptop.closed());
            assertEquals("pong", bystander.request(TestClient.message("ping")).path("type").asText(), "others stay");
        }
        assertTrue(redis.sismember(prefix + ":serverBans", banned));
        String token = TestClient.devToken(server, banned, "viewer", true);
        try (TestClient again = TestClient.unauthenticated(server)) {
            JsonNode refused = again.request(TestClient.message("auth").put("token", token));
            assertEquals("forbidden", refused.path("code").asText(), refused.toString());
            assertEquals("banned", refused.path("reason").asText());
            assertEquals(new TestClient.Closed(4003, "banned"), again.closed());
        }
        assertEquals(200, api.post("/api/users/" + banned + "/unban", null).status());
        try (TestClient welcome = TestClient.authenticated(server, token)) {
            assertEquals("pong", welcome.request(TestClient.message("ping")).path("type").asText());
            Answer removed = api.post("/api/users/" + banned + "/remove", null);
            assertEquals(200, removed.status());
            assertEquals(new TestClient.Closed(4003, "removed"), welcome.closed());
        }
        try (TestClient back = TestClient.authenticated(server, token)) {
            assertEquals("pong", back.request(TestClient.message("ping")).path("type").asText(), "removed is not banned");
        }
        Answer nobody = api.post("/api/users/" + user("offline") + "/remove", null);
        assertEquals(200, nobody.status(), "whether a user exists is the platform's to know");
        assertEquals(0, nobody.body().path("connections").asInt());
    }

    @Test
    void aServerBanMadeOnOneNodeClosesConnectionsAndRefusesSignInOnAnother() throws Exception {
        try (LiveStageServer other = TestServers.start(Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix,
                "LIVESTAGE_GIFTS_COMMAND_TIMEOUT_MS", "5000"));
             TestClient removedThere = TestClient.as(other, user("wanderer"), "viewer", true);
             TestClient connectedThere = TestClient.as(other, user("roamer"), "viewer", true)) {
            // The other node subscribes to the announcements as it starts; wait until it hears them.
            awaitSubscribers(2);
            assertEquals(0, api.post("/api/users/" + user("wanderer") + "/remove", null).body().path("connections").asInt(),
                    "none on the node asked");
            assertEquals(new TestClient.Closed(4003, "removed"), removedThere.closed());
            String token = TestClient.devToken(other, user("roamer"), "viewer", true);
            assertEquals(200, api.post("/api/users/" + user("roamer") + "/ban", null).status());
            assertEquals(new TestClient.Closed(4003, "banned"), connectedThere.closed());
            try (TestClient elsewhere = TestClient.unauthenticated(other)) {
                JsonNode refused = elsewhere.request(TestClient.message("auth").put("token", token));
                assertEquals("banned", refused.path("reason").asText(), refused.toString());
                assertEquals(new TestClient.Closed(4003, "banned"), elsewhere.closed());
            }
        }
    }

    @Test
    void aRefundIsAnIdempotentLedgerEntryAndErasureLeavesTheLedger() throws Exception {
        String fan = user("fan");
        String host = user("host");
        assertEquals(300, api.post("/api/wallet/credit", "{\"userId\":\"" + fan + "\",\"coins\":300,\"purchaseId\":\"p-" + run
                + "\"}").body().path("balance").asLong());
        String firstTx;
        String secondTx;
        try (TestClient creator = client("host", "creator"); TestClient giver = client("fan", "viewer")) {
            String roomId = startShow(creator);
            join(giver, roomId);
            firstTx = giver.request(gift(roomId, "fireworks", "k1")).path("txId").asText();
            secondTx = giver.request(gift(roomId, "heart", "k2")).path("txId").asText();
        }
        assertWallet(fan, 196, 0);
        assertWallet(host, 0, 104);
        String firstEntry = ledgerId(firstTx);

        String body = reversal("r1", firstEntry, firstTx);
        Answer refunded = api.post("/api/ledger/reversals", body);
        assertEquals(200, refunded.status(), refunded.body().toString());
        assertEquals(99, refunded.body().path("amount").asLong());
        assertEquals("gift", refunded.body().path("kind").asText());
        assertEquals(295, refunded.body().path("payerBalance").asLong());
        assertEquals(5, refunded.body().path("recipientEarnings").asLong());
        assertFalse(refunded.body().path("replay").asBoolean());
        assertWallet(fan, 295, 0);
        assertWallet(host, 0, 5);

        Answer replay = api.post("/api/ledger/reversals", body);
        assertEquals(200, replay.status());
        assertTrue(replay.body().path("replay").asBoolean());
        assertEquals(refunded.body().path("txId"), replay.body().path("txId"));
        Answer secondRefund = api.post("/api/ledger/reversals", reversal("r2", firstEntry, firstTx));
        assertEquals(409, secondRefund.status(), "an entry is refunded once");
        assertEquals("conflict", secondRefund.error());
        Answer reused = api.post("/api/ledger/reversals", reversal("r1", ledgerId(secondTx), secondTx));
        assertEquals(409, reused.status(), "the same key with other parameters");
        assertEquals("conflict", reused.error());
        assertEquals(404, api.post("/api/ledger/reversals", reversal("r3", "1-0", firstTx)).status());
        assertEquals(400, api.post("/api/ledger/reversals", "{\"reversalId\":\"r4\"}").status());
        assertWallet(fan, 295, 0);
        assertWallet(host, 0, 5);
        List<StreamMessage<String, String>> reversals = ledger().stream()
                .filter(m -> "reversal".equals(m.getBody().get("kind"))).toList();
        assertEquals(1, reversals.size());
        assertEquals(firstTx, reversals.get(0).getBody().get("reverses"));
        assertEquals(host, reversals.get(0).getBody().get("from"));
        assertEquals(fan, reversals.get(0).getBody().get("to"));

        List<StreamMessage<String, String>> ledgerBefore = ledger();
        assertTrue(redis.zscore(prefix + ":lb:" + showOf(secondTx), fan) != null);
        Answer erased = api.post("/api/users/" + fan + "/erase", null);
        assertEquals(200, erased.status(), erased.body().toString());
        // Two gift keys, the purchase, the reversal; gifts named the fan in two gift events.
        assertEquals(4, erased.body().path("erased").path("idempotencyRecords").asLong());
        assertEquals(2, erased.body().path("erased").path("giftEvents").asLong());
        assertEquals(ledgerBefore.stream().map(StreamMessage::getId).toList(), ledger().stream().map(StreamMessage::getId).toList(),
                "the ledger stays whole");
        assertWallet(fan, 295, 0);
        assertTrue(redis.keys(prefix + ":idem:" + fan + ":*").isEmpty());
        assertTrue(redis.keys(prefix + ":reversal:*").isEmpty());
        Answer again = api.post("/api/users/" + fan + "/erase", null);
        assertEquals(0, again.body().path("erased").path("idempotencyRecords").asLong());
    }

    @Test
    void devModeMintsTokensThroughTheApi() throws Exception {
        Answer minted = api.post("/api/dev/token", "{\"user\":\"" + user("tester") + "\",\"roles\":[\"creator\"],\"adult\":true}");
        assertEquals(200, minted.status(), minted.body().toString());
        try (TestClient tester = TestClient.authenticated(server, minted.body().path("token").asText())) {
            assertEquals("show.started", tester.request(TestClient.message("show.start").put("title", "t")).path("type").asText());
        }
        assertEquals(400, api.post("/api/dev/token", "{\"roles\":[\"creator\"]}").status());
        Answer wallet = api.get("/api/users/" + user("tester") + "/wallet");
        assertEquals(Map.of("userId", user("tester"), "balance", 0, "earnings", 0),
                ApiClient.JSON.convertValue(wallet.body(), Map.class));
    }

    /** Waits until this many nodes listen for removals on the test's channel. */
    private void awaitSubscribers(long nodes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (redis.pubsubNumsub(prefix + ":putOut").getOrDefault(prefix + ":putOut", 0L) < nodes) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the nodes did not subscribe to " + prefix + ":putOut");
            }
            Thread.sleep(20);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode gift(String roomId, String giftId, String key) {
        return TestClient.message("gift.send").put("roomId", roomId).put("giftId", giftId).put("count", 1).put("key", key);
    }

    private static String reversal(String id, String ledgerId, String txId) {
        return "{\"reversalId\":\"" + id + "\",\"ledgerId\":\"" + ledgerId + "\",\"txId\":\"" + txId + "\"}";
    }

    private void assertWallet(String userId, long balance, long earnings) throws Exception {
        JsonNode wallet = api.get("/api/users/" + userId + "/wallet").body();
        assertEquals(balance, wallet.path("balance").asLong(), wallet.toString());
        assertEquals(earnings, wallet.path("earnings").asLong(), wallet.toString());
    }

    private List<StreamMessage<String, String>> ledger() {
        return redis.xrange(prefix + ":ledger", Range.create("-", "+"));
    }

    /** The ledger id the platform reads beside the transaction, as it settles from the ledger stream. */
    private String ledgerId(String txId) {
        return ledger().stream().filter(m -> txId.equals(m.getBody().get("txId"))).map(StreamMessage::getId).findFirst()
                .orElseThrow(() -> new AssertionError("no ledger entry of " + txId));
    }

    private String showOf(String txId) {
        return ledger().stream().filter(m -> txId.equals(m.getBody().get("txId"))).map(m -> m.getBody().get("room"))
                .findFirst().orElseThrow();
    }
}
