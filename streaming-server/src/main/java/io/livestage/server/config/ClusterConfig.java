package io.livestage.server.config;

/**
 * This node's place in a cluster of nodes sharing one Redis (docs/cluster.md).
 *
 * @param enabled     register in the node registry and list every node's shows and consultants;
 *                    needs {@code redis.uri}
 * @param nodeId      this node's name in the registry; empty: the host name and a random suffix
 * @param heartbeatMs how often the node renews its entry and reads the others'
 * @param expiryMs    how long an entry lives without renewal: a node that stopped is gone from every
 *                    other node's lists at most this long (plus one heartbeat) after its last renewal
 * @param secret      the key every node signs its cluster bus messages with and checks others' against: the
 *                    same on every node, never in Redis, so Redis access alone cannot speak for a node
 */
public record ClusterConfig(boolean enabled, String nodeId, long heartbeatMs, long expiryMs, String secret) {
    public static final int MAX_NODE_ID_LENGTH = 64;
    /** The built-in value: public, so production with the cluster on refuses it. */
    public static final String DEV_SECRET = "livestage-dev-cluster-secret-do-not-use-in-production";
    /** 256 bits of a random text's worth, HMAC-SHA256's key size. */
    public static final int MIN_SECRET_LENGTH = 32;

    public ClusterConfig {
        nodeId = nodeId == null ? "" : nodeId.trim();
        if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9._-]{1," + MAX_NODE_ID_LENGTH + "}")) {
            throw new IllegalArgumentException("cluster.nodeId must be 1 to " + MAX_NODE_ID_LENGTH
                    + " letters, digits, '.', '_' or '-': " + nodeId);
        }
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("cluster.secret must be at least " + MIN_SECRET_LENGTH
                    + " characters (LIVESTAGE_CLUSTER_SECRET or LIVESTAGE_CLUSTER_SECRET_FILE), the same on every node");
        }
        if (heartbeatMs < 100) {
            throw new IllegalArgumentException("cluster.heartbeatMs must be at least 100, was " + heartbeatMs);
        }
        if (expiryMs < 3 * heartbeatMs) {
            throw new IllegalArgumentException("cluster.expiryMs must be at least three heartbeats ("
                    + 3 * heartbeatMs + " ms), so one late renewal does not drop a live node; was " + expiryMs);
        }
    }

    /** Whether the secret is the public built-in one. */
    public boolean isDevSecret() {
        return DEV_SECRET.equals(secret);
    }
}
