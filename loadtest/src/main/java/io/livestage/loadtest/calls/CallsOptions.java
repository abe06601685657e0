package io.livestage.loadtest.calls;

import io.livestage.loadtest.webrtc.VideoSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the calls scenario does.
 *
 * @param url           the server's signaling WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param calls         concurrent calls, each a consultant and an adult caller
 * @param minutes       simulated minutes every call is held once all calls are up
 * @param minuteMs      the server's billed minute ({@code calls.minuteMs}); ticks are timed against it
 * @param rate          each consultant's price in coins a minute (the token's {@code rate})
 * @param rampPerSecond calls started per second
 * @param audio         both sides send synthetic Opus
 * @param video         both sides' synthetic VP8, or null for none
 * @param secret        the HS256 secret the server verifies tokens with (we act as the platform)
 * @param creditUrl     the server's {@code POST /api/wallet/credit}, to fund the callers
 * @param serviceKey    the server's {@code auth.serviceKey}, which that endpoint requires
 * @param metricsUrl    the server's Prometheus endpoint, or null to skip server figures
 * @param serverPid     the server's process id on this machine, to split its CPU time into user and system; 0 for none
 */
public record CallsOptions(
        URI url,
        int calls,
        int minutes,
        long minuteMs,
        long rate,
        int rampPerSecond,
        boolean audio,
        VideoSettings video,
        String secret,
        URI creditUrl,
        String serviceKey,
        URI metricsUrl,
        int serverPid) {

    /** Longest the ramp may take beyond calls / rampPerSecond, for slow media setups under load. */
    static final Duration RAMP_GRACE = Duration.ofSeconds(60);

    public CallsOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(creditUrl, "creditUrl");
        Objects.requireNonNull(serviceKey, "serviceKey");
        if (calls < 1 || minutes < 1 || minuteMs < 1 || rate < 1 || rampPerSecond < 1) {
            throw new IllegalArgumentException("calls, minutes, minuteMs, rate and ramp must be positive");
        }
        if (!audio && video == null) {
            throw new IllegalArgumentException("calls need audio, video or both");
        }
    }

    /** The most the ramp may take: every call started, then time for the last ones to set up. */
    Duration rampLimit() {
        return Duration.ofMillis(1000L * calls / rampPerSecond).plus(RAMP_GRACE);
    }

    /** The hold, {@link #minutes} of the server's billed minutes. */
    Duration hold() {
        return Duration.ofMillis(minutes * minuteMs);
    }

    /**
     * Coins each caller gets: every minute a call can start between its start at the beginning of the ramp
     * and its hang-up after the hold, and two more, so no call of the run ends for want of money.
     */
    long creditPerCaller() {
        long longestCallMs = rampLimit().toMillis() + hold().toMillis() + minuteMs;
        return rate * (longestCallMs / minuteMs + 3);
    }
}
