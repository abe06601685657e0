package io.livestage.loadtest.chat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the chat scenario does.
 *
 * @param url                  the server's signaling WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param viewers              viewer connections to open, all joining the one show
 * @param warmup               how long the host chats before latencies count (JIT and pools warm up)
 * @param duration             how long the host chats after the warm-up, every delivery timed
 * @param rampPerSecond        new viewer connections started per second
 * @param chatRate             host chat messages per second
 * @param secret               the HS256 secret the server verifies tokens with (we act as the platform)
 * @param metricsUrl           the server's Prometheus endpoint, or null to skip server figures
 * @param trustAllCertificates accept the server's self-signed certificate (wss:// and https:// only)
 */
public record ChatOptions(
        URI url,
        int viewers,
        Duration warmup,
        Duration duration,
        int rampPerSecond,
        double chatRate,
        String secret,
        URI metricsUrl,
        boolean trustAllCertificates) {

    public ChatOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(secret, "secret");
        if (viewers < 1 || rampPerSecond < 1 || !(chatRate > 0)) {
            throw new IllegalArgumentException("viewers, ramp and chat rate must be positive");
        }
    }
}
