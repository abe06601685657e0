package io.livestage.loadtest.show;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the show scenario does.
 *
 * @param url             the server's signaling WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param subscribers     viewers that subscribe to the one publisher's media
 * @param warmup          media after the ramp that is not measured, while both JITs warm up
 * @param duration        the timed window every figure of the report covers
 * @param rampPerSecond   subscribers started per second (each does ICE and a DTLS handshake)
 * @param secret          the HS256 secret the server verifies tokens with (we act as the platform)
 * @param metricsUrl      the server's Prometheus endpoint: packets forwarded, CPU time, heap, RSS
 * @param serverPid       the server's process id, to split its CPU time into user and system; 0 for none
 * @param maxLossPercent  the run fails when more of the expected packets than this never arrive
 */
public record ShowOptions(URI url, int subscribers, Duration warmup, Duration duration, int rampPerSecond,
        String secret, URI metricsUrl, long serverPid, double maxLossPercent) {

    public ShowOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(metricsUrl, "metricsUrl");
        if (subscribers < 1 || rampPerSecond < 1 || serverPid < 0 || !(maxLossPercent >= 0)) {
            throw new IllegalArgumentException("subscribers and ramp must be positive, pid and loss not negative");
        }
    }
}
