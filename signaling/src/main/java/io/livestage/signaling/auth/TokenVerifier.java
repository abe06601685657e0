package io.livestage.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies the platform's HS256 JWTs with the shared secret. Failures are
 * {@code unauthorized} with a reason; the token itself never appears in a message or log.
 */
public final class TokenVerifier {
    /** Tolerated clock difference between the platform and this server. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int MAX_USER_ID_CHARS = 64;
    private static final int MAX_NAME_CHARS = 64;

    private final MACVerifier verifier;
    private final Clock clock;

    public TokenVerifier(String secret, Clock clock) {
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth.secret must be at least 32 bytes for HS256", e);
        }
        this.clock = clock;
    }

    public Identity verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw refused("malformed token");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw refused("token must be signed with HS256");
        }
        JWTClaimsSet claims;
        try {
            if (!jwt.verify(verifier)) {
                throw refused("bad token signature");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (JOSEException | ParseException e) {
            throw refused("token cannot be verified");
        }
        Date now = Date.from(clock.instant());
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw refused("token has no expiry");
        }
        if (expiry.toInstant().plus(CLOCK_SKEW).isBefore(now.toInstant())) {
            throw refused("token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now.toInstant())) {
            throw refused("token not yet valid");
        }
        return identityFrom(claims);
    }

    private static Identity identityFrom(JWTClaimsSet claims) {
        String userId = claims.getSubject();
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID_CHARS) {
            throw refused("token subject must be a user id of 1.." + MAX_USER_ID_CHARS + " characters");
        }
        try {
            String name = claims.getStringClaim("name");
            if (name == null || name.isBlank()) {
                name = userId;
            } else if (name.length() > MAX_NAME_CHARS) {
                name = name.substring(0, MAX_NAME_CHARS);
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<String> roleNames = claims.getStringListClaim("roles");
            if (roleNames != null) {
                for (String roleName : roleNames) {
                    Role.fromWire(roleName).ifPresent(roles::add);
                }
            }
            Boolean adult = claims.getBooleanClaim("adult");
            Long rate = claims.getLongClaim("rate");
            if (rate != null && rate < 0) {
                throw refused("token rate must not be negative");
            }
            return new Identity(userId, name, roles, Boolean.TRUE.equals(adult), rate);
        } catch (ParseException e) {
            throw refused("token claims have the wrong types");
        }
    }

    private static ProtocolException refused(String reason) {
        return new ProtocolException(ErrorCode.UNAUTHORIZED, reason);
    }
}
