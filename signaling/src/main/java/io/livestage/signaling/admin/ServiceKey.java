package io.livestage.signaling.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The platform backend's credential: {@code Authorization: Bearer <auth.serviceKey>}. Compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, so neither the key's bytes nor its length show in the time a
 * refusal takes. The key itself is never logged or echoed.
 */
public final class ServiceKey {
    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public ServiceKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the service key must not be empty");
        }
        this.expected = digest(BEARER + key);
    }

    /** Whether the {@code Authorization} header (null when absent) presents the key. */
    public boolean accepts(String authorization) {
        return authorization != null && MessageDigest.isEqual(expected, digest(authorization));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceKey[<redacted>]";
    }
}
