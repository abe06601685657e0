package io.livestage.server.config;

/**
 * How the node stops on SIGTERM.
 *
 * @param drainSeconds drain first (docs/cluster.md): no new shows or calls, connections with nothing left
 *                     here told to reconnect, and stop as soon as the last show and call here end, or after
 *                     this many seconds; 0 stops at once, ending what is in progress
 */
public record ShutdownConfig(int drainSeconds) {
    public ShutdownConfig {
        if (drainSeconds < 0 || drainSeconds > 86_400) {
            throw new IllegalArgumentException("shutdown.drainSeconds must be 0 to 86400, was " + drainSeconds);
        }
    }
}
