package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.timeouts(400, 60_000), TestServer.shows(30_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void validTokenIsWelcomed() {
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth\",\"id\":7,\"token\":\"" + server.token("alice", Role.CREATOR, Role.VIEWER) + "\"}");
            JsonNode welcome = client.expect("welcome");
            assertEquals(7, welcome.path("id").asInt());
            assertEquals("alice", welcome.path("userId").asText());
            assertEquals("Name alice", welcome.path("name").asText());
            assertEquals("[\"creator\",\"viewer\"]", welcome.path("roles").toString());
            assertTrue(welcome.path("adult").asBoolean());
            assertTrue(welcome.path("iceServers").isArray());
            assertFalse(welcome.path("sessionId").asText().isEmpty());
            assertTrue(Math.abs(welcome.path("serverTime").asLong() - System.currentTimeMillis()) < 60_000);
            client.assertAlive();
        }
    }

    /**
     * Sign-in waits for the ban check; requests that came in the same read as {@code auth} are held
     * meanwhile, then carried out in order as if sign-in had been immediate.
     */
    @Test
    void requestsPipelinedBehindAuthAreAnsweredAfterTheWelcomeInOrder() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.port(), 64 * 1024)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            RawWebSocket.text(batch, "{\"type\":\"auth\",\"id\":1,\"token\":\"" + server.token("piper", Role.VIEWER) + "\"}");
            for (int id = 2; id <= 5; id++) {
                RawWebSocket.text(batch, "{\"type\":\"ping\",\"id\":" + id + "}");
            }
            socket.write(batch.toByteArray());
            JsonNode welcome = socket.readMessage();
            assertEquals("welcome", welcome.path("type").asText(), welcome.toString());
            for (int id = 2; id <= 5; id++) {
                JsonNode pong = socket.readMessage();
                assertEquals("pong", pong.path("type").asText(), pong.toString());
                assertEquals(id, pong.path("id").asInt());
            }
        }
    }

    @Test
    void badSignatureIsUnauthorizedThenClosed4001() {
        String forged = new TokenIssuer("another-secret-that-is-also-32-bytes-long", Clock.systemUTC())
                .issue(new Identity("mallory", "M", Set.of(Role.CREATOR), true, null), Duration.ofMinutes(5));
        assertRefused(forged, "signature");
    }

    @Test
    void expiredTokenIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new TokenIssuer(TestServer.SECRET, TestServer.ISSUER, TestServer.AUDIENCE, past)
                .issue(new Identity("bob", "B", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5));
        assertRefused(expired, "expired");
    }

    @Test
    void aTokenWithoutTheIssuerIsRefused() throws Exception {
        assertRefused(sign(claims().issuer(null)), "no issuer");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        // The dev defaults' issuer, signed with this server's secret: a right signature is not enough.
        assertRefused(new TokenIssuer(TestServer.SECRET, Clock.systemUTC())
                .issue(new Identity("erin", "E", Set.of(Role.VIEWER), true, null), Duration.ofMinutes(5)), "issuer");
        assertRefused(sign(claims().issuer("https://other-platform.test")), "issuer");
    }

    @Test
    void aTokenWithoutTheAudienceIsRefused() throws Exception {
        assertRefused(sign(claims().audience((String) null)), "no audience");
    }

    @Test
    void aTokenForAnotherServiceIsRefused() throws Exception {
        assertRefused(sign(claims().audience(List.of("another-service", "yet-another"))), "audience");
    }

    @Test
    void aTokenThatLivesLongerThanAllowedIsRefused() throws Exception {
        Instant now = Instant.now();
        assertRefused(sign(claims().issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(12)).plusSeconds(1)))), "lifetime");
        assertRefused(sign(claims().issueTime(null)), "issue time");
    }

    @Test
    void aTokenOfTheLongestLifetimeWithEveryAudienceListedIsWelcomed() throws Exception {
        Instant now = Instant.now();
        String token = sign(claims().audience(List.of("another-service", TestServer.AUDIENCE))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(12)))));
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + token + "\"}");
            JsonNode welcome = client.expect("welcome");
            assertEquals("frank", welcome.path("userId").asText());
            assertEquals(now.plus(Duration.ofHours(12)).getEpochSecond() * 1000, welcome.path("expiresAt").asLong(),
                    "welcome tells when the token expires");
            client.assertAlive();
        }
    }

    @Test
    void malformedTokenIsRefused() {
        assertRefused("not-a-jwt", "malformed");
    }

    @Test
    void unsignedTokenIsRefused() {
        // {"alg":"none"} with a valid-looking payload and no signature.
        assertRefused("eyJhbGciOiJub25lIn0.eyJzdWIiOiJldmUiLCJleHAiOjQxMDI0NDQ4MDB9.", "malformed");
    }

    @Test
    void anythingBeforeAuthIsUnauthorizedThenClosed4001() {
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"show.list\",\"id\":\"early\"}");
            JsonNode error = client.expectError("unauthorized");
            assertEquals("early", error.path("id").asText());
            assertEquals(4001, client.awaitClose());
        }
    }

    @Test
    void malformedFirstMessageClosesWith4001() {
        try (WsClient client = server.connect()) {
            client.send("{not json");
            client.expectError("bad_request");
            assertEquals(4001, client.awaitClose());
        }
    }

    @Test
    void silenceAfterConnectClosesWith4001() {
        try (WsClient client = server.connect()) {
            assertEquals(4001, client.awaitClose());
        }
    }

    @Test
    void secondAuthIsAConflict() {
        try (WsClient client = server.user("carol", Role.VIEWER)) {
            client.send("{\"type\":\"auth\",\"id\":2,\"token\":\"" + server.token("carol", Role.VIEWER) + "\"}");
            assertEquals(2, client.expectError("conflict").path("id").asInt());
            client.assertAlive();
        }
    }

    @Test
    void authenticatedConnectionOutlivesTheAuthTimeout() throws InterruptedException {
        try (WsClient client = server.user("dave", Role.VIEWER)) {
            Thread.sleep(700);
            client.assertAlive();
        }
    }

    /** Claims as the configured platform would sign them for "frank"; tests change one at a time. */
    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(TestServer.ISSUER).audience(TestServer.AUDIENCE).subject("frank")
                .claim("roles", List.of("viewer")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(TestServer.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void assertRefused(String token, String reasonPart) {
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth\",\"id\":\"a1\",\"token\":\"" + token + "\"}");
            JsonNode error = client.expectError("unauthorized");
            assertEquals("a1", error.path("id").asText());
            assertTrue(error.path("message").asText().contains(reasonPart), error.toString());
            assertFalse(error.toString().contains(token.length() > 20 ? token.substring(0, 20) : "\u0000"),
                    "the token must not be echoed");
            assertEquals(4001, client.awaitClose());
        }
    }
}
