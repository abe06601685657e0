package io.livestage.signaling.config;

import java.nio.charset.StandardCharsets;

/**
 * Credentials shared with the platform: the HS256 secret of its user tokens, and the service
 * key its backend presents to credit wallets ({@code POST /api/wallet/credit}).
 */
public record AuthConfig(String secret, String serviceKey) {
    /** The secret shipped in the dev defaults; refused outside dev mode. */
    public static final String DEV_SECRET = "livestage-dev-secret-do-not-use-in-production";
    /** The service key shipped in the dev defaults; refused outside dev mode. */
    public static final String DEV_SERVICE_KEY = "livestage-dev-service-key";

    public AuthConfig {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("auth.secret must be at least 32 bytes (HS256 needs a 256-bit key)");
        }
        if (serviceKey == null || serviceKey.length() < 16) {
            throw new IllegalArgumentException("auth.serviceKey must be at least 16 characters");
        }
    }

    public boolean isDevSecret() {
        return DEV_SECRET.equals(secret);
    }

    public boolean isDevServiceKey() {
        return DEV_SERVICE_KEY.equals(serviceKey);
    }

    @Override
    public String toString() {
        return "AuthConfig[secret=<redacted>, serviceKey=<redacted>]";
    }
}
