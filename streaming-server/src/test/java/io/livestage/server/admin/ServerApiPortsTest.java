package io.livestage.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.livestage.signaling.config.AuthConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the server API is and what exists outside dev mode, on servers with wallets in memory. */
class ServerApiPortsTest {
    private static final String SECRET = "a-real-platform-secret-of-32-bytes-or-more";
    private static final String KEY = "a-real-service-key-of-the-platform";

    @Test
    void withoutAdminPortTheApiIsOnTheHttpPort() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of())) {
            assertEquals(server.httpPort(), server.adminPort());
            ApiClient api = new ApiClient(server.httpPort(), AuthConfig.DEV_SERVICE_KEY);
            assertEquals(200, api.get("/api/shows").status());
            assertEquals(200, api.post("/api/dev/token", "{\"user\":\"someone\"}").status());
            assertEquals(401, api.withKey(null).get("/api/shows").status());
        }
    }

    @Test
    void outsideDevModeTheKeyIsTheConfiguredOneAndNoTokensAreMinted() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_DEV_MODE", "false",
                "LIVESTAGE_AUTH_SECRET", SECRET, "LIVESTAGE_AUTH_SERVICE_KEY", KEY))) {
            ApiClient api = new ApiClient(server.adminPort(), KEY);
            assertEquals(200, api.get("/api/calls").status());
            assertEquals(401, api.withKey(AuthConfig.DEV_SERVICE_KEY).get("/api/calls").status(), "the dev key is not this server's");
            ApiClient.Answer minted = api.post("/api/dev/token", "{\"user\":\"someone\"}");
            assertEquals(404, minted.status(), "no tokens outside dev mode");
            assertEquals("not_found", minted.error());
            assertEquals(404, new ApiClient(server.httpPort(), null).post("/dev/token", "{\"user\":\"someone\"}").status());
        }
    }
}
