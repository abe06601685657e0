package io.livestage.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies the platform's HS256 JWTs with the shared secret: the signature, then that the token
 * comes from our platform ({@code iss}), is meant for this service ({@code aud}), lives no longer
 * than {@code auth.maxTokenLifetimeMs} ({@code exp − iat}) and is valid now. Failures are
 * {@code unauthorized} with a reason; the token itself never appears in a message or log.
 */
public final class TokenVerifier {
    private static final int MAX_USER_ID_CHARS = 64;
    private static final int MAX_NAME_CHARS = 64;

    private final MACVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Duration maxLifetime;
    /** Tolerated clock difference between the platform and this server. */
    private final Duration clockSkew;
    private final Clock clock;

    public TokenVerifier(AuthConfig auth, Clock clock) {
        try {
            this.verifier = new MACVerifier(auth.secret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth.secret must be at least 32 bytes for HS256", e);
        }
        this.issuer = auth.issuer();
        this.audience = auth.audience();
        this.maxLifetime = Duration.ofMillis(auth.maxTokenLifetimeMs());
        this.clockSkew = Duration.ofMillis(auth.clockSkewMs());
        this.clock = clock;
    }

    public VerifiedToken verify(String token) {
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
        checkOrigin(claims);
        Instant expiry = checkTimes(claims);
        Duration validFor = Duration.between(clock.instant(), expiry.plus(clockSkew));
        return new VerifiedToken(identityFrom(claims), expiry, validFor.isNegative() ? Duration.ZERO : validFor);
    }

    /** A token of another issuer, or for another service, signed with a shared secret all the same, is not ours. */
    private void checkOrigin(JWTClaimsSet claims) {
        String tokenIssuer = claims.getIssuer();
        if (tokenIssuer == null) {
            throw refused("token has no issuer (iss)");
        }
        if (!tokenIssuer.equals(issuer)) {
            throw refused("token issuer (iss) is not accepted here");
        }
        List<String> audiences = claims.getAudience();
        if (audiences.isEmpty()) {
            throw refused("token has no audience (aud)");
        }
        if (!audiences.contains(audience)) {
            throw refused("token audience (aud) is not this service");
        }
    }

    /** Returns {@code exp} once it, {@code iat} and {@code nbf} fit this server's clock and limits. */
    private Instant checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw refused("token has no expiry");
        }
        Date issued = claims.getIssueTime();
        if (issued == null) {
            throw refused("token has no issue time (iat)");
        }
        if (Duration.between(issued.toInstant(), expiry.toInstant()).compareTo(maxLifetime) > 0) {
            throw refused("token lifetime (exp - iat) exceeds the " + maxLifetime.toSeconds() + " s this server accepts");
        }
        if (expiry.toInstant().plus(clockSkew).isBefore(now)) {
            throw refused("token expired");
        }
        // A token dated ahead would otherwise outlive the lifetime bound by the difference.
        if (issued.toInstant().minus(clockSkew).isAfter(now)) {
            throw refused("token issued in the future");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(clockSkew).isAfter(now)) {
            throw refused("token not yet valid");
        }
        return expiry.toInstant();
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
