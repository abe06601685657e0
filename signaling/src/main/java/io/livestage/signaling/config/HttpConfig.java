package io.livestage.signaling.config;

/** Where the HTTP/WebSocket server listens. Port 0 picks a free port (tests). */
public record HttpConfig(String host, int port) {
    public HttpConfig {
        Checks.notBlank(host, "http.host");
        Checks.range(port, 0, 65535, "http.port");
    }
}
