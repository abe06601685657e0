package io.livestage.loadtest.client;

import java.net.URI;
import java.util.Locale;

/** A validated {@code ws://} or {@code wss://} URL with its effective port. */
record WebSocketUrl(URI uri, String host, int port, boolean secure) {

    static WebSocketUrl of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("not a ws:// or wss:// URL: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        boolean secure = scheme.equals("wss");
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        return new WebSocketUrl(uri, uri.getHost(), port, secure);
    }
}
