package io.livestage.signaling.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * Signs tokens the way the platform does. The server uses it only for {@code POST /dev/token}
 * in dev mode; tests and the load generator use it to act as the platform.
 */
public final class TokenIssuer {
    private final MACSigner signer;
    private final Clock clock;

    public TokenIssuer(String secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes for HS256", e);
        }
        this.clock = clock;
    }

    public String issue(Identity identity, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(identity.userId())
                .claim("name", identity.name())
                .claim("roles", identity.roleNames())
                .claim("adult", identity.adult())
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(lifetime)));
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
