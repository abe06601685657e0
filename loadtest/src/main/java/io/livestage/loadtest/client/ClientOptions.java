package io.livestage.loadtest.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SignalingConnector} opens and keeps connections.
 *
 * @param connectTimeout       TCP connect timeout
 * @param handshakeTimeout     TLS plus WebSocket upgrade timeout
 * @param keepAliveInterval    send a WebSocket ping after this much write silence, so a client that only
 *                             listens is not closed as idle by the server; {@link Duration#ZERO} disables it
 * @param trustAllCertificates accept any server certificate (self-signed dev certificates only)
 * @param maxFrameBytes        largest frame accepted from the server
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration keepAliveInterval,
        boolean trustAllCertificates,
        int maxFrameBytes) {

    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
    }

    /** Defaults matching the server's limits (64 KiB frames, 60 s idle timeout). */
    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20), false, 64 * 1024);
    }

    public ClientOptions withTrustAllCertificates(boolean trustAll) {
        return new ClientOptions(connectTimeout, handshakeTimeout, keepAliveInterval, trustAll, maxFrameBytes);
    }
}
