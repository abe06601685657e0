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
import io.livestage.signaling.config.AuthConfig;
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
    private static final String ISSUER = "https://platform.test";
    private static final String AUDIENCE = "livestage-test";
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private final TokenVerifier verifier = new TokenVerifier(auth(Duration.ofSeconds(30)), clock);

    @Test
    void readsEveryClaim() throws Exception {
        String token = sign(JWSAlgorithm.HS256, SECRET, claims("u1", 60).claim("name", "Ann")
                .claim("roles", List.of("consultant", "viewer", "astronaut")).claim("adult", true).claim("rate", 30).build());
        VerifiedToken verified = verifier.verify(token);
        Identity identity = verified.identity();
        assertEquals("u1", identity.userId());
        assertEquals("Ann", identity.name());
        assertEquals(Set.of(Role.CONSULTANT, Role.VIEWER), identity.roles());
        assertTrue(identity.adult());
        assertEquals(30L, identity.ratePerMinute());
        assertEquals(clock.instant().plusSeconds(60), verified.expiresAt());
        assertEquals(Duration.ofSeconds(90), verified.validFor(), "valid until exp plus the tolerated clock skew");
    }

    @Test
    void adultDefaultsToFalseAndNameToTheUserId() throws Exception {
        Identity identity = verifier.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u2", 60).build())).identity();
        assertFalse(identity.adult());
        assertEquals("u2", identity.name());
        assertTrue(identity.roles().isEmpty());
    }

    @Test
    void refusals() throws Exception {
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", -120).build()), "expired");
        VerifiedToken late = verifier.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u", -10).build()));
        assertEquals("u", late.identity().userId(), "a few seconds of clock skew are tolerated");
        assertEquals(Duration.ofSeconds(20), late.validFor());
        assertRefused(sign(JWSAlgorithm.HS256, "a-different-secret-of-32-bytes-or-more", claims("u", 60).build()), "signature");
        assertRefused(sign(JWSAlgorithm.HS512, SECRET + SECRET, claims("u", 60).build()), "HS256");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).expirationTime(null).build()), "expiry");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims(" ", 60).build()), "subject");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).claim("adult", "yes").build()), "wrong types");
        assertRefused("a.b", "malformed");
    }

    @Test
    void theIssuerAndTheAudienceMustBeOurs() throws Exception {
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).issuer(null).build()), "no issuer");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).issuer("https://platform.test/").build()), "issuer");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).audience((String) null).build()), "no audience");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).audience("livestage").build()), "audience");
        assertEquals("u", verifier.verify(sign(JWSAlgorithm.HS256, SECRET,
                claims("u", 60).audience(List.of("chat", AUDIENCE)).build())).identity().userId(),
                "an audience list naming us is accepted");
    }

    @Test
    void aTokenLivesNoLongerThanAllowed() throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet.Builder longest = claims("u", 0).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(MAX_LIFETIME)));
        assertEquals("u", verifier.verify(sign(JWSAlgorithm.HS256, SECRET, longest.build())).identity().userId());
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, longest.expirationTime(Date.from(now.plus(MAX_LIFETIME).plusSeconds(1)))
                .build()), "lifetime");
        // Issued long ago: still refused, even though it has only a minute left.
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .build()), "lifetime");
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).issueTime(null).build()), "issue time");
        // Dated ahead, a token would outlive the bound by the difference.
        assertRefused(sign(JWSAlgorithm.HS256, SECRET, claims("u", 0).issueTime(Date.from(now.plusSeconds(600)))
                .expirationTime(Date.from(now.plusSeconds(700))).build()), "future");
    }

    @Test
    void withoutSkewTheConnectionEndsAtExp() throws Exception {
        TokenVerifier strict = new TokenVerifier(auth(Duration.ZERO), clock);
        assertEquals(Duration.ofSeconds(60), strict.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u", 60).build())).validFor());
        assertThrows(ProtocolException.class, () -> strict.verify(sign(JWSAlgorithm.HS256, SECRET, claims("u", -1).build())));
    }

    @Test
    void issuerAndVerifierAgree() {
        TokenIssuer issuer = new TokenIssuer(SECRET, ISSUER, AUDIENCE, clock);
        Identity identity = new Identity("u3", "Cy", Set.of(Role.CREATOR), true, 12L);
        VerifiedToken verified = verifier.verify(issuer.issue(identity, Duration.ofMinutes(1)));
        assertEquals(identity, verified.identity());
        assertEquals(clock.instant().plusSeconds(60), verified.expiresAt());
    }

    @Test
    void theDevIssuerSignsWhatTheDevDefaultsExpect() {
        TokenVerifier dev = new TokenVerifier(new AuthConfig(AuthConfig.DEV_SECRET, AuthConfig.DEV_SERVICE_KEY,
                AuthConfig.DEV_ISSUER, AuthConfig.DEV_AUDIENCE, Duration.ofHours(12).toMillis(), 30_000), clock);
        Identity identity = new Identity("d", "D", Set.of(Role.VIEWER), false, null);
        assertEquals(identity, dev.verify(new TokenIssuer(AuthConfig.DEV_SECRET, clock).issue(identity, Duration.ofHours(12)))
                .identity());
    }

    @Test
    void shortSecretsAreRejectedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new AuthConfig("short", "a-service-key-of-16+", ISSUER, AUDIENCE,
                3_600_000, 0));
    }

    private static AuthConfig auth(Duration skew) {
        return new AuthConfig(SECRET, "a-service-key-of-16+", ISSUER, AUDIENCE, MAX_LIFETIME.toMillis(), skew.toMillis());
    }

    private void assertRefused(String token, String reason) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> verifier.verify(token));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** What the platform signs: ours as issuer and audience, issued now, expiring in the seconds given. */
    private JWTClaimsSet.Builder claims(String subject, long expiresInSeconds) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(clock.instant().minusSeconds(Math.max(0, -expiresInSeconds) + 1)))
                .expirationTime(Date.from(clock.instant().plusSeconds(expiresInSeconds)));
    }

    private static String sign(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
