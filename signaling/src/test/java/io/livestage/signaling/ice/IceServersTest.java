package io.livestage.signaling.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.config.IceServerConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.protocol.ServerMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TURN credentials in coturn's use-auth-secret form, per user and time-limited. */
class IceServersTest {
    private static final Clock AT = Clock.fixed(Instant.ofEpochSecond(1_796_466_400L), ZoneOffset.UTC);
    private static final List<String> URLS = List.of("turn:127.0.0.1:3478?transport=udp");

    @Test
    void theCredentialIsBase64OfHmacSha1OfTheUsernameUnderTheSharedSecret() {
        // Computed independently: python3 hmac.new(b"s3cret", b"1796470000:alice", sha1), base64.
        assertEquals("7VhTVi6Dh0uMoxJ+DcvBiLkd2WE=", IceServers.credential("s3cret", "1796470000:alice"));
    }

    @Test
    void eachUserGetsCredentialsOfTheirOwnThatExpireAfterTheTtl() {
        IceServers servers = new IceServers(List.of(new IceServerConfig(List.of("stun:stun.example.com"), null, null)),
                new TurnConfig("s3cret", URLS, 3600), AT);
        List<ServerMessage.IceServer> alice = servers.forUser("alice");
        assertEquals(2, alice.size());
        assertEquals(List.of("stun:stun.example.com"), alice.get(0).urls(), "the fixed servers stay as configured");
        ServerMessage.IceServer turn = alice.get(1);
        assertEquals(URLS, turn.urls());
        assertEquals((1_796_466_400L + 3600) + ":alice", turn.username());
        assertEquals(IceServers.credential("s3cret", turn.username()), turn.credential());
        assertTrue(!servers.forUser("bob").get(1).credential().equals(turn.credential()), "another user, another credential");
    }

    @Test
    void withoutASecretOnlyTheFixedServersGo() {
        IceServers servers = new IceServers(List.of(), TurnConfig.none(), AT);
        assertEquals(List.of(), servers.forUser("alice"));
    }

    @Test
    void aSecretNeedsTurnUrlsAndASaneLifetime() {
        assertThrows(IllegalArgumentException.class, () -> new TurnConfig("s", List.of(), 3600));
        assertThrows(IllegalArgumentException.class, () -> new TurnConfig("s", List.of("stun:x"), 3600));
        assertThrows(IllegalArgumentException.class, () -> new TurnConfig("s", URLS, 10));
        assertThrows(IllegalArgumentException.class, () -> new TurnConfig("s", URLS, 30 * 24 * 3600));
    }
}
