package io.livestage.signaling.config;

/**
 * Where the server API for the platform's backend ({@code /api/...}, service key) is served. Port 0
 * serves it on the HTTP port; any other port serves it there alone, as plain HTTP on {@code http.host},
 * and the public port answers {@code /api/...} with 404, so a firewall can keep it private.
 */
public record AdminConfig(int port) {
    public AdminConfig {
        Checks.range(port, 0, 65535, "admin.port");
    }

    public static AdminConfig onHttpPort() {
        return new AdminConfig(0);
    }

    public boolean ownPort() {
        return port != 0;
    }
}
