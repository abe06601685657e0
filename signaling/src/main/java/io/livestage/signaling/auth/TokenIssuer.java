package io.livestage.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.livestage.signaling.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Signs tokens the way the platform does. The server uses it only for {@code POST /dev/token}
 * in dev mode; tests and the load generator use it to act as the platform.
 */
public final class TokenIssuer {
    private final MACSigner signer;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /** Tokens with the {@code iss} and {@code aud} the server's dev defaults expect. */
    public TokenIssuer(String secret, Clock clock) {
        this(secret, AuthConfig.DEV_ISSUER, AuthConfig.DEV_AUDIENCE, clock);
    }

    public TokenIssuer(String secret, String issuer, String audience, Clock clock) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes for HS256", e);
        }
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public String issue(Identity identity, Duration lifetime) {
        // One reading of the clock, so exp − iat is exactly the lifetime asked for.
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(identity.userId())
                .claim("name", identity.name())
                .claim("roles", identity.roleNames())
                .claim("adult", identity.adult())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
        if (identity.ratePerMinute() != null) {
            claims.claim("rate", identity.ratePerMinute());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}
