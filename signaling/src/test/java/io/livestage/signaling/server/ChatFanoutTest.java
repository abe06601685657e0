package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.signaling.auth.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatFanoutTest {
    private static final int VIEWERS = 200;
    private static final int MESSAGES = 5;

    @Test
    void everyChatReachesAll200Viewers() {
        List<WsClient> viewers = new ArrayList<>();
        try (TestServer server = TestServer.start();
             WsClient host = server.user("star", Role.CREATOR)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Fan-out\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            for (int i = 0; i < VIEWERS; i++) {
                WsClient viewer = server.user("fan" + i, Role.VIEWER);
                viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
                viewers.add(viewer);
            }
            for (WsClient viewer : viewers) {
                viewer.expect("room.joined");
            }
            for (int m = 0; m < MESSAGES; m++) {
                host.send("{\"type\":\"chat.send\",\"id\":" + m + ",\"roomId\":\"" + roomId + "\",\"text\":\"message " + m + "\"}");
                host.expect("chat");
            }
            for (WsClient viewer : viewers) {
                Set<String> texts = new HashSet<>();
                for (int m = 0; m < MESSAGES; m++) {
                    texts.add(viewer.expect("chat").path("text").asText());
                }
                assertEquals(Set.of("message 0", "message 1", "message 2", "message 3", "message 4"), texts);
            }
        } finally {
            viewers.forEach(WsClient::close);
        }
    }
}
