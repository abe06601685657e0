package io.livestage.server.config;

/** Redis for the gift bridge; an empty uri means single-node, in-memory state. */
public record RedisConfig(String uri) {
    public RedisConfig {
        uri = uri == null ? "" : uri.trim();
        if (!uri.isEmpty() && !uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.uri must start with redis:// or rediss://");
        }
    }

    public boolean configured() {
        return !uri.isEmpty();
    }
}
