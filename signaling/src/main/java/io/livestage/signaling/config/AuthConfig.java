package io.livestage.signaling.config;

import java.nio.charset.StandardCharsets;

/**
 * Credentials shared with the platform and what its user tokens must say: the HS256 secret, the
 * {@code iss} and {@code aud} every token must carry, how long a token may live at most
 * ({@code exp − iat}), the clock difference tolerated between the platform and us; and the
 * service key its backend presents to the server API ({@code /api/...}, e.g. {@code POST /api/wallet/credit}).
 *
 * @param issuer             the {@code iss} a token must carry: the platform that signs them
 * @param audience           a value the token's {@code aud} must contain: this service
 * @param maxTokenLifetimeMs a token whose {@code exp − iat} is longer is refused, so a stolen one is useful only so long
 * @param clockSkewMs        tolerated difference between the platform's clock and ours; a connection
 *                           is closed at the token's {@code exp} plus this, as auth accepts it until then
 */
public record AuthConfig(String secret, String serviceKey, String issuer, String audience, long maxTokenLifetimeMs,
                         long clockSkewMs) {
    /** The secret shipped in the dev defaults; refused outside dev mode. */
    public static final String DEV_SECRET = "livestage-dev-secret-do-not-use-in-production";
    /** The service key shipped in the dev defaults; refused outside dev mode. */
    public static final String DEV_SERVICE_KEY = "livestage-dev-service-key";
    /** The {@code iss} of the dev defaults, which dev tokens and the load generator's tokens carry. */
    public static final String DEV_ISSUER = "livestage-dev";
    /** The {@code aud} of the dev defaults. */
    public static final String DEV_AUDIENCE = "livestage";
    /** Upper bound of {@code auth.maxTokenLifetimeMs}, a week: a typo cannot let tokens live for years. */
    private static final long MAX_LIFETIME_BOUND_MS = 7L * 24 * 3600 * 1000;

    public AuthConfig {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("auth.secret must be at least 32 bytes (HS256 needs a 256-bit key)");
        }
        if (serviceKey == null || serviceKey.length() < 16) {
            throw new IllegalArgumentException("auth.serviceKey must be at least 16 characters: the platform's backend"
                    + " presents it to the server API (/api/...)");
        }
        Checks.notBlank(issuer, "auth.issuer");
        Checks.notBlank(audience, "auth.audience");
        // At least a second: JWT times are whole seconds.
        Checks.range(maxTokenLifetimeMs, 1000, MAX_LIFETIME_BOUND_MS, "auth.maxTokenLifetimeMs");
        Checks.range(clockSkewMs, 0, 300_000, "auth.clockSkewMs");
    }

    public boolean isDevSecret() {
        return DEV_SECRET.equals(secret);
    }

    public boolean isDevServiceKey() {
        return DEV_SERVICE_KEY.equals(serviceKey);
    }

    @Override
    public String toString() {
        return "AuthConfig[secret=<redacted>, serviceKey=<redacted>, issuer=" + issuer + ", audience=" + audience
                + ", maxTokenLifetimeMs=" + maxTokenLifetimeMs + ", clockSkewMs=" + clockSkewMs + "]";
    }
}
