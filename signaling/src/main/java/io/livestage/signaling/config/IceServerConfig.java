package io.livestage.signaling.config;

import java.util.List;

/** A STUN/TURN server handed to clients in {@code welcome}; optional for an ICE-lite SFU. */
public record IceServerConfig(List<String> urls, String username, String credential) {
    public IceServerConfig {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one url");
        }
        urls = List.copyOf(urls);
    }
}
