package io.livestage.signaling.config;

import java.util.List;

/** Everything the signaling server needs from configuration. */
public record SignalingConfig(boolean devMode, HttpConfig http, TlsConfig tls, AuthConfig auth,
                              LimitsConfig limits, ShowsConfig shows, CallsConfig calls,
                              List<IceServerConfig> iceServers) {
    public SignalingConfig {
        if (calls == null) {
            throw new IllegalArgumentException("calls must be configured");
        }
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
        if (tls.selfSigned() && !devMode) {
            throw new IllegalArgumentException("tls.selfSigned is for dev mode only; configure tls.certFile and tls.keyFile");
        }
    }
}
