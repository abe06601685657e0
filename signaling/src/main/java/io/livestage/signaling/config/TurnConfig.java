package io.livestage.signaling.config;

import java.util.List;

/**
 * A TURN server (coturn with {@code use-auth-secret}) for clients whose networks block UDP to us:
 * every {@code welcome} carries credentials valid for {@code ttlSeconds}, made with the secret the
 * TURN server shares (coturn's REST form). An empty secret: no TURN.
 *
 * @param urls e.g. {@code turn:turn.example.com:3478?transport=udp}, {@code turns:turn.example.com:443?transport=tcp}
 */
public record TurnConfig(String secret, List<String> urls, int ttlSeconds) {
    public static final int MIN_TTL_SECONDS = 60;
    public static final int MAX_TTL_SECONDS = 7 * 24 * 3600;

    public TurnConfig {
        secret = secret == null ? "" : secret;
        urls = urls == null ? List.of() : List.copyOf(urls);
        if (!secret.isEmpty()) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("turn.urls must list the TURN server when turn.secret is set");
            }
            for (String url : urls) {
                if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                    throw new IllegalArgumentException("turn.urls entries start with turn: or turns:, got " + url);
                }
            }
            if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
                throw new IllegalArgumentException("turn.ttlSeconds must be " + MIN_TTL_SECONDS + " to "
                        + MAX_TTL_SECONDS + ", was " + ttlSeconds);
            }
        }
    }

    public static TurnConfig none() {
        return new TurnConfig("", List.of(), 0);
    }

    public boolean enabled() {
        return !secret.isEmpty();
    }
}
