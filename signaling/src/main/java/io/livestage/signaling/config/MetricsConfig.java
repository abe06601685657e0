package io.livestage.signaling.config;

/**
 * Where Prometheus scrapes {@code /metrics}. Port 0 serves it on the HTTP port, as always; any
 * other port serves it there alone, as plain HTTP on {@code http.host}, and the public port
 * answers {@code /metrics} with 404, so a firewall can keep the figures private.
 */
public record MetricsConfig(int port) {
    public MetricsConfig {
        Checks.range(port, 0, 65535, "metrics.port");
    }

    public boolean ownPort() {
        return port != 0;
    }
}
