package io.livestage.server.config;

/**
 * Redis for everything the nodes share (gifts and wallets, bans, the webhook outbox, the cluster's registry
 * and bus); an empty uri means single-node, in-memory state.
 *
 * @param cluster {@code uri} names one node of a Redis Cluster, and every Redis user of the server connects
 *                through the cluster client (docs/cluster.md, "Running on Redis Cluster")
 */
public record RedisConfig(String uri, boolean cluster) {
    public RedisConfig {
        uri = uri == null ? "" : uri.trim();
        if (!uri.isEmpty() && !uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.uri must start with redis:// or rediss://");
        }
        if (cluster && uri.isEmpty()) {
            throw new IllegalArgumentException("redis.cluster needs redis.uri: one node of the cluster");
        }
    }

    public boolean configured() {
        return !uri.isEmpty();
    }

    /**
     * Whether a key starting with {@code prefix} hashes by a tag inside the prefix: Redis hashes a key by what lies
     * between its first {@code {} and the next {@code }}, when that is not empty.
     */
    public static boolean hasHashTag(String prefix) {
        int open = prefix.indexOf('{');
        return open >= 0 && prefix.indexOf('}', open) > open + 1;
    }
}
