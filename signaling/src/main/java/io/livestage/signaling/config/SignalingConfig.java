package io.livestage.signaling.config;

import java.util.List;

/** Everything the signaling server needs from configuration. */
public record SignalingConfig(boolean devMode, HttpConfig http, TlsConfig tls, AuthConfig auth,
                              LimitsConfig limits, ShowsConfig shows, CallsConfig calls,
                              List<IceServerConfig> iceServers, MetricsConfig metrics, WsConfig ws, TurnConfig turn,
                              RoomConfig room, ClientConfig client, AdminConfig admin, EventsConfig events) {
    public SignalingConfig {
        room = room == null ? RoomConfig.defaults() : room;
        events = events == null ? EventsConfig.defaults() : events;
        admin = admin == null ? AdminConfig.onHttpPort() : admin;
        if (admin.ownPort() && (admin.port() == http.port() || admin.port() == metrics.port())) {
            throw new IllegalArgumentException("admin.port must differ from http.port and metrics.port"
                    + " (0 serves the server API on the HTTP port)");
        }
        client = client == null ? ClientConfig.defaults() : client;
        if (calls == null || metrics == null || ws == null) {
            throw new IllegalArgumentException("calls, metrics and ws must be configured");
        }
        turn = turn == null ? TurnConfig.none() : turn;
        if (metrics.ownPort() && metrics.port() == http.port()) {
            throw new IllegalArgumentException("metrics.port must differ from http.port (0 serves /metrics on the HTTP port)");
        }
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
        if (tls.selfSigned() && !devMode) {
            throw new IllegalArgumentException("tls.selfSigned is for dev mode only; configure tls.certFile and tls.keyFile");
        }
    }

    /** With the rooms', the room events' and the web client's defaults. */
    public SignalingConfig(boolean devMode, HttpConfig http, TlsConfig tls, AuthConfig auth, LimitsConfig limits,
                           ShowsConfig shows, CallsConfig calls, List<IceServerConfig> iceServers, MetricsConfig metrics,
                           WsConfig ws, TurnConfig turn) {
        this(devMode, http, tls, auth, limits, shows, calls, iceServers, metrics, ws, turn, null, null, null, null);
    }

    /** With the server API on the HTTP port and the room events' defaults. */
    public SignalingConfig(boolean devMode, HttpConfig http, TlsConfig tls, AuthConfig auth, LimitsConfig limits,
                           ShowsConfig shows, CallsConfig calls, List<IceServerConfig> iceServers, MetricsConfig metrics,
                           WsConfig ws, TurnConfig turn, RoomConfig room, ClientConfig client) {
        this(devMode, http, tls, auth, limits, shows, calls, iceServers, metrics, ws, turn, room, client, null, null);
    }

    /**
     * Whether {@code POST /dev/token} and {@code /dev/credit} exist: in dev mode with the public dev
     * secret only. A server given a real secret signs real tokens, so dev mode left on by mistake
     * must not hand them (or free coins) to anyone who asks.
     */
    public boolean devEndpoints() {
        return devMode && auth.isDevSecret();
    }
}
