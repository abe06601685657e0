package io.livestage.gifts.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;

/** How every Redis client of a node behaves, on a standalone Redis or a Redis Cluster: one place for both kinds. */
public final class LettuceOptions {
    private LettuceOptions() {
    }

    /** A standalone client: reconnects by itself, and refuses commands at once while disconnected. */
    public static ClientOptions standalone(Duration connectTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build();
    }

    /**
     * A cluster client. It opens its connection to a shard when a command first goes there: rejecting commands
     * while disconnected would refuse every shard's first one, so they wait for the connection (and fail at the
     * command timeout when a shard is away). The slot map is read again when the cluster redirects a command or a
     * shard's connection keeps failing (a replica took over), not only at connect.
     */
    public static ClusterClientOptions cluster(Duration connectTimeout) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .build();
    }
}
