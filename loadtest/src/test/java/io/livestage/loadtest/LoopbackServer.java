package io.livestage.loadtest;

import io.livestage.server.LiveStageServer;
import io.livestage.server.config.ConfigLoader;
import java.util.HashMap;
import java.util.Map;

/** The real server in-process on free loopback ports, with its dev defaults otherwise. */
public final class LoopbackServer {
    public static final Map<String, String> LOOPBACK = Map.of("LIVESTAGE_HTTP_HOST", "127.0.0.1",
            "LIVESTAGE_HTTP_PORT", "0", "LIVESTAGE_MEDIA_UDP_PORT", "0", "LIVESTAGE_MEDIA_BIND_ADDRESS", "127.0.0.1",
            "LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES", "[\"127.0.0.1\"]");

    private LoopbackServer() {
    }

    public static LiveStageServer start() {
        return start(Map.of());
    }

    public static LiveStageServer start(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(LOOPBACK);
        env.putAll(overrides);
        return LiveStageServer.start(ConfigLoader.load(null, env));
    }
}
