package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.LimitsConfig;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    @Test
    void shutdownEndsShowsAndClosesConnectionsCleanly() {
        TestServer server = TestServer.start();
        try (WsClient host = server.user("closing-host", Role.CREATOR);
             WsClient viewer = server.user("closing-viewer", Role.VIEWER);
             WsClient idle = server.user("lobby", Role.VIEWER)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Last show\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            viewer.expect("room.joined");

            server.close();

            assertEquals("server_shutdown", host.expect("show.ended").path("reason").asText());
            assertEquals("server_shutdown", viewer.expect("show.ended").path("reason").asText());
            assertEquals(1001, host.awaitClose());
            assertEquals(1001, viewer.awaitClose());
            assertEquals(1001, idle.awaitClose());
        }
    }

    @Test
    void idleConnectionsCloseWith1001() {
        LimitsConfig shortIdle = TestServer.timeouts(5000, 300);
        try (TestServer server = TestServer.start(shortIdle, TestServer.shows(30_000));
             WsClient client = server.user("sleepy", Role.VIEWER)) {
            assertEquals(1001, client.awaitClose());
        }
    }
}
