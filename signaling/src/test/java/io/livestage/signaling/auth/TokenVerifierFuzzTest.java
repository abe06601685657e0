package io.livestage.signaling.auth;

import io.livestage.signaling.config.AuthConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens, fuzzed. {@link #anyToken} hands the verifier any text: it is refused as {@code
 * unauthorized} and nothing else escapes. {@link #signedClaims} signs whatever claims text the
 * fuzzer writes with the real secret, so the verifier's reading of claims runs on hostile JSON:
 * it refuses as {@code unauthorized} or returns an identity that keeps its limits (a subject of 1
 * to 64 characters, a name of at most 64, a rate that is not negative, an expiry not long past),
 * and the same token with its claims altered by a byte, or signed with another key, is refused.
 */
class TokenVerifierFuzzTest {
    private static final String SECRET = "fuzz-test-secret-with-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final AuthConfig AUTH = new AuthConfig(SECRET, "fuzz-service-key", "livestage-dev", "livestage",
            12 * 3600 * 1000L, 30_000);
    private static final TokenVerifier VERIFIER = new TokenVerifier(AUTH, Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anyToken(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        try {
            VERIFIER.verify(token);
        } catch (ProtocolException e) {
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            // Short texts like "e" occur in any reason by chance; a token-sized one must not be echoed.
            assertFalse(token.length() >= 12 && e.getMessage().contains(token), "the token appears in the refusal");
            return;
        }
        throw new AssertionError("an unsigned or foreign token was accepted");
    }

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"\"sub\":", "\"exp\":", "\"nbf\":", "\"iat\":", "\"name\":", "\"roles\":", "\"adult\":",
            "\"rate\":", "\"iss\":", "\"aud\":", "\"creator\"", "\"viewer\"", "\"consultant\"", "1795953600",
            "9223372036854775807", "-1", "true", "null", "[]", "{}", "1e308"})
    void signedClaims(FuzzedDataProvider data) throws JOSEException {
        boolean typed = data.consumeBoolean();
        int flipAt = data.consumeInt(0, Integer.MAX_VALUE);
        String claims = data.consumeRemainingAsString();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.HS256);
        if (typed) {
            header.type(JOSEObjectType.JWT);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(claims));
        jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        String token = jws.serialize();

        Identity identity;
        try {
            identity = VERIFIER.verify(token).identity();
        } catch (ProtocolException e) {
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            return;
        }
        assertNotNull(identity.userId());
        assertFalse(identity.userId().isBlank());
        assertTrue(identity.userId().length() <= 64);
        assertFalse(identity.name().isBlank());
        assertTrue(identity.name().length() <= 64);
        assertTrue(identity.ratePerMinute() == null || identity.ratePerMinute() >= 0);
        Object exp = jws.getPayload().toJSONObject().get("exp");
        assertTrue(exp instanceof Number, "accepted without a numeric exp: " + exp);
        assertTrue(((Number) exp).doubleValue() >= NOW.getEpochSecond() - 30, "accepted after its expiry");

        String[] parts = token.split("\\.");
        byte[] payload = Base64URL.from(parts[1]).decode();
        payload[flipAt % payload.length] ^= 0x20;
        String altered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        ProtocolException tampered = assertThrows(ProtocolException.class, () -> VERIFIER.verify(altered));
        assertEquals(ErrorCode.UNAUTHORIZED, tampered.code());

        JWSObject foreign = new JWSObject(header.build(), new Payload(jws.getPayload().toJSONObject()));
        foreign.sign(new MACSigner("another-secret-with-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAUTHORIZED, assertThrows(ProtocolException.class,
                () -> VERIFIER.verify(foreign.serialize())).code());
    }
}
