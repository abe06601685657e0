package io.livestage.signaling.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final String SECRET = "unit-test-secret-with-at-least-32-bytes";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private final TokenVerifier verifier = new TokenVerifier(SECRET, clock);

    @Test
    void readsEveryClaim() throws Exception {
        String token = sign(JWSAlgorithm.HS256, SECRET, new JWTClaimsSet.Builder().subject("u1").claim("name", "Ann")
                .claim("roles", List.of("consultant", "viewer", "astronaut")).claim("adult", true).claim("rate", 30)
                .expirationTime(Date.from(clock.instant().plusSeconds(60))).build());
        Identity identity = verifier.verify(token);
        assertEquals("u1", identity.userId());
        assertEquals("Ann", identity.name());
        assertEquals(Set.of(Role.CONSULTANT, Role.VIEWER), identity.roles());
        assertTrue(identity.adult());
        assertEquals(30L, identity.ratePerMinute());
    }

    @Test
    void adultDefaultsToFalseAndNameToTheUserId() throws Exception {
        Identity identity = verifier.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u2", 60)));
        assertFalse(identity.adult());
        assertEquals("u2", identity.name());
        assertTrue(identity.roles().isEmpty());
    }

    @Test
    void refusals() throws Exception {
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", -120)), "expired");
        assertEquals("u", verifier.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u", -10))).userId(),
                "a few seconds of clock skew are tolerated");
        assertRefused(sign(JWSAlgorithm.HS256, "a-different-secret-of-32-bytes-or-more", claims("u", 60)), "signature");
        assertRefused(sign(JWSAlgorithm.HS512, SECRET + SECRET, claims("u", 60)), "HS256");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, new JWTClaimsSet.Builder().subject("u").build()), "expiry");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims(" ", 60)), "subject");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, new JWTClaimsSet.Builder().subject("u").claim("adult", "yes")
                .expirationTime(Date.from(clock.instant().plusSeconds(60))).build()), "wrong types");
        assertRefused("a.b", "malformed");
    }

    @Test
    void issuerAndVerifierAgree() {
        TokenIssuer issuer = new TokenIssuer(SECRET, clock);
        Identity identity = new Identity("u3", "Cy", Set.of(Role.CREATOR), true, 12L);
        assertEquals(identity, verifier.verify(issuer.issue(identity, Duration.ofMinutes(1))));
    }

    @Test
    void shortSecretsAreRejectedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new TokenVerifier("short", clock));
    }

    private void assertRefused(String token, String reason) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> verifier.verify(token));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private JWTClaimsSet claims(String subject, long expiresInSeconds) {
        return new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(clock.instant().plusSeconds(expiresInSeconds))).build();
    }

    private static String sign(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
