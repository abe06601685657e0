package io.livestage.signaling.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket endpoint {@code /ws}. {@code allowedOrigins} lists the web origins
 * ({@code https://app.example.com}) whose pages may open it besides our own (the web client we
 * serve); empty allows every origin. Only browsers send {@code Origin}, and they cannot forge it
 * nor the {@code Host} they send with it, so an upgrade without one (a phone app, the load
 * generator) is not refused: the list keeps other sites' pages away, not other programs.
 */
public record WsConfig(List<String> allowedOrigins) {
    public WsConfig {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(WsConfig::normalized).distinct().toList();
    }

    /**
     * Whether a browser page of this origin may open {@code /ws}.
     *
     * @param origin the request's {@code Origin} header, or null
     * @param host   its {@code Host} header, or null: a page of that same host and port is ours
     */
    public boolean allows(String origin, String host) {
        if (allowedOrigins.isEmpty() || origin == null) {
            return true;
        }
        String page;
        try {
            page = normalized(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return allowedOrigins.contains(page)
                || (host != null && page.substring(page.indexOf("://") + 3).equalsIgnoreCase(host.trim()));
    }

    /**
     * {@code scheme://host[:port]} in lower case without the scheme's default port, as browsers
     * send it; anything with a path, query, user or another scheme is refused.
     */
    private static String normalized(String origin) {
        String text = origin == null ? "" : origin.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw badOrigin(text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw badOrigin(text);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException badOrigin(String text) {
        return new IllegalArgumentException("ws.allowedOrigins: '" + text
                + "' is not an origin; write scheme://host or scheme://host:port, e.g. https://app.example.com");
    }
}
