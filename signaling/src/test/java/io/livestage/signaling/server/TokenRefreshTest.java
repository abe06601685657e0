package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection lives as long as its token: {@code auth.refresh} replaces the token in place (roles
 * and {@code adult} re-read, the expiry moved), a token of another user is refused, and without a
 * refresh the connection closes with 4001 when the token expires. No clock skew is tolerated here,
 * so expiry is exactly {@code exp}; JWT times are whole seconds, so a 2 s token lives 1 to 2 s.
 */
class TokenRefreshTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.limits(), TestServer.shows(30_000),
                TestServer.auth(Duration.ofHours(1), Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refreshReplacesRolesAndAdultInPlace() {
        double refreshedBefore = server.meter("livestage.auth.refreshed");
        try (WsClient client = signIn(new Identity("rita", "Rita", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5))) {
            client.send("{\"type\":\"show.start\",\"id\":1,\"title\":\"Not yet\"}");
            client.expectError("forbidden");
            client.send("{\"type\":\"gift.send\",\"id\":2,\"roomId\":\"r1\",\"giftId\":\"rose\",\"count\":1,\"key\":\"k1\"}");
            assertTrue(client.expectError("bad_request").path("message").asText().contains("not live"), "an adult may gift");

            String fresh = server.token(new Identity("rita", "Rita Live", Set.of(Role.CREATOR), false, null),
                    Duration.ofMinutes(30));
            client.send("{\"type\":\"auth.refresh\",\"id\":\"r\",\"token\":\"" + fresh + "\"}");
            JsonNode refreshed = client.expect("auth.refreshed");
            assertEquals("r", refreshed.path("id").asText());
            assertEquals("rita", refreshed.path("userId").asText());
            assertEquals("Rita Live", refreshed.path("name").asText());
            assertEquals("[\"creator\"]", refreshed.path("roles").toString());
            assertFalse(refreshed.path("adult").asBoolean());
            long expected = (System.currentTimeMillis() + Duration.ofMinutes(30).toMillis()) / 1000 * 1000;
            assertTrue(Math.abs(refreshed.path("expiresAt").asLong() - expected) <= 2000, refreshed.toString());
            assertFalse(refreshed.toString().contains(fresh.substring(0, 20)), "the token is not echoed");

            client.send("{\"type\":\"show.start\",\"id\":3,\"title\":\"Now live\"}");
            assertEquals(3, client.expect("show.started").path("id").asInt(), "the new role applies at once");
            client.send("{\"type\":\"gift.send\",\"id\":4,\"roomId\":\"r1\",\"giftId\":\"rose\",\"count\":1,\"key\":\"k2\"}");
            assertTrue(client.expectError("forbidden").path("message").asText().contains("adults"),
                    "adult: false now applies too");
            assertEquals(refreshedBefore + 1, server.meter("livestage.auth.refreshed"));
        }
    }

    @Test
    void aConsultantsAvailabilityFollowsTheRefreshedToken() {
        try (WsClient consultant = signIn(new Identity("cleo", "Cleo", Set.of(Role.CONSULTANT), true, 20L), Duration.ofMinutes(5));
             WsClient caller = server.user("carl", Role.VIEWER)) {
            consultant.send("{\"type\":\"consultant.status\",\"id\":1,\"available\":true}");
            assertEquals(20, consultant.expect("consultant.status").path("ratePerMinute").asLong());

            refresh(consultant, new Identity("cleo", "Cleo M.", Set.of(Role.CONSULTANT), true, 35L));
            JsonNode listed = listed(caller, "cleo");
            assertEquals("Cleo M.", listed.path("name").asText());
            assertEquals(35, listed.path("ratePerMinute").asLong(), "the new token's rate for the next call");

            refresh(consultant, new Identity("cleo", "Cleo M.", Set.of(Role.VIEWER), true, 35L));
            assertTrue(listed(caller, "cleo").isMissingNode(), "no longer a consultant: no longer available");
        }
    }

    private static void refresh(WsClient client, Identity identity) {
        client.send("{\"type\":\"auth.refresh\",\"id\":\"r\",\"token\":\"" + server.token(identity, Duration.ofMinutes(5))
                + "\"}");
        client.expect("auth.refreshed");
    }

    /** The consultant's entry in consultant.list, or a missing node. */
    private static JsonNode listed(WsClient client, String userId) {
        client.send("{\"type\":\"consultant.list\",\"id\":\"l\"}");
        for (JsonNode consultant : client.expect("consultant.list").path("consultants")) {
            if (userId.equals(consultant.path("userId").asText())) {
                return consultant;
            }
        }
        return WsClient.JSON.missingNode();
    }

    @Test
    void aTokenOfAnotherUserIsRefusedAndTheConnectionCarriesOn() {
        try (WsClient client = signIn(new Identity("sam", "Sam", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5))) {
            String someoneElse = server.token(new Identity("mallory", "M", Set.of(Role.CREATOR), true, null),
                    Duration.ofMinutes(5));
            client.send("{\"type\":\"auth.refresh\",\"id\":9,\"token\":\"" + someoneElse + "\"}");
            assertEquals(9, client.expectError("forbidden").path("id").asInt());
            client.send("{\"type\":\"show.start\",\"id\":10,\"title\":\"As mallory?\"}");
            client.expectError("forbidden");
            client.assertAlive();
        }
    }

    @Test
    void aBadRefreshTokenIsUnauthorizedButTheConnectionKeepsItsToken() {
        try (WsClient client = signIn(new Identity("tess", "Tess", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5))) {
            client.send("{\"type\":\"auth.refresh\",\"id\":1,\"token\":\"not-a-jwt\"}");
            assertTrue(client.expectError("unauthorized").path("message").asText().contains("malformed"));
            String tooLong = server.token(new Identity("tess", "Tess", Set.of(Role.VIEWER), true, null), Duration.ofHours(2));
            client.send("{\"type\":\"auth.refresh\",\"id\":2,\"token\":\"" + tooLong + "\"}");
            assertTrue(client.expectError("unauthorized").path("message").asText().contains("lifetime"));
            client.assertAlive();
        }
    }

    @Test
    void aConnectionClosesWith4001WhenItsTokenExpires() {
        double expiredBefore = server.meter("livestage.auth.expired");
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + server.token(
                    new Identity("uma", "Uma", Set.of(Role.VIEWER), true, null), Duration.ofSeconds(2)) + "\"}");
            JsonNode welcome = client.expect("welcome");
            long welcomed = System.nanoTime();
            long tokenLeftMs = welcome.path("expiresAt").asLong() - welcome.path("serverTime").asLong();
            client.assertAlive();
            assertEquals(4001, client.awaitClose());
            long livedMs = (System.nanoTime() - welcomed) / 1_000_000;
            assertTrue(livedMs <= 2500, "closed " + livedMs + " ms after the welcome; the token lived at most 2 s");
            assertTrue(livedMs >= tokenLeftMs - 300, "closed " + livedMs + " ms after the welcome, before the token's exp ("
                    + tokenLeftMs + " ms)");
            assertEquals(expiredBefore + 1, server.meter("livestage.auth.expired"));
        }
    }

    @Test
    void aRefreshMovesTheExpiry() throws InterruptedException {
        try (WsClient client = signIn(new Identity("vic", "Vic", Set.of(Role.VIEWER), true, null), Duration.ofSeconds(2))) {
            String fresh = server.token(new Identity("vic", "Vic", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5));
            client.send("{\"type\":\"auth.refresh\",\"id\":1,\"token\":\"" + fresh + "\"}");
            client.expect("auth.refreshed");
            Thread.sleep(3000);
            assertFalse(client.closed(), "the first token's expiry no longer applies");
            client.assertAlive();
        }
    }

    @Test
    void refreshBeforeAuthIsUnauthorizedThenClosed4001() {
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth.refresh\",\"id\":1,\"token\":\"" + server.token("wes", Role.VIEWER) + "\"}");
            client.expectError("unauthorized");
            assertEquals(4001, client.awaitClose());
        }
    }

    private static WsClient signIn(Identity identity, Duration lifetime) {
        WsClient client = server.connect();
        client.send("{\"type\":\"auth\",\"id\":\"auth\",\"token\":\"" + server.token(identity, lifetime) + "\"}");
        JsonNode welcome = client.expect("welcome");
        assertTrue(welcome.path("expiresAt").asLong() > welcome.path("serverTime").asLong() - 1000, welcome.toString());
        return client;
    }
}
