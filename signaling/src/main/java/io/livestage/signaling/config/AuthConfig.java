package io.livestage.signaling.config;

import java.nio.charset.StandardCharsets;

/** The HS256 secret shared with the platform that issues tokens. */
public record AuthConfig(String secret) {
    /** The secret shipped in the dev defaults; refused outside dev mode. */
    public static final String DEV_SECRET = "livestage-dev-secret-do-not-use-in-production";

    public AuthConfig {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("auth.secret must be at least 32 bytes (HS256 needs a 256-bit key)");
        }
    }

    public boolean isDevSecret() {
        return DEV_SECRET.equals(secret);
    }

    @Override
    public String toString() {
        return "AuthConfig[secret=<redacted>]";
    }
}
