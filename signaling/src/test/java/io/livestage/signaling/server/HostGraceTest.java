package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostGraceTest {
    private static final long GRACE_MS = 800;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.limits(), TestServer.shows(GRACE_MS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hostWhoReturnsWithinTheGraceKeepsTheShow() throws InterruptedException {
        try (WsClient viewer = server.user("loyal", Role.VIEWER)) {
            String roomId;
            try (WsClient host = server.user("phone-host", Role.CREATOR)) {
                host.send("{\"type\":\"show.start\",\"title\":\"On the move\"}");
                roomId = host.expect("show.started").path("roomId").asText();
                viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
                viewer.expect("room.joined");
            }
            Thread.sleep(GRACE_MS / 3);
            try (WsClient back = server.user("phone-host", Role.CREATOR)) {
                back.send("{\"type\":\"room.join\",\"id\":\"back\",\"roomId\":\"" + roomId + "\"}");
                JsonNode joined = back.expect("room.joined");
                assertEquals("phone-host", joined.path("hostId").asText());
                assertEquals(1, joined.path("viewers").asInt());
                assertTrue(viewer.quietFor("show.ended", GRACE_MS * 2), "the show must survive the grace period");

                back.send("{\"type\":\"chat.send\",\"roomId\":\"" + roomId + "\",\"text\":\"I'm back\"}");
                assertEquals("I'm back", viewer.expect("chat").path("text").asText());
                back.send("{\"type\":\"show.end\",\"roomId\":\"" + roomId + "\"}");
                assertEquals("host_ended", viewer.expect("show.ended").path("reason").asText());
            }
        }
    }

    @Test
    void hostWhoStaysAwayEndsTheShowAfterTheGrace() {
        try (WsClient viewer = server.user("patient", Role.VIEWER)) {
            long droppedAt;
            try (WsClient host = server.user("gone-host", Role.CREATOR)) {
                host.send("{\"type\":\"show.start\",\"title\":\"Bad signal\"}");
                String roomId = host.expect("show.started").path("roomId").asText();
                viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
                viewer.expect("room.joined");
                droppedAt = System.nanoTime();
            }
            JsonNode ended = viewer.expect("show.ended");
            long waitedMs = (System.nanoTime() - droppedAt) / 1_000_000;
            assertEquals("host_left", ended.path("reason").asText());
            assertTrue(waitedMs >= GRACE_MS - 50, "ended after " + waitedMs + " ms, before the grace period");
        }
    }

    @Test
    void aSecondDeviceOfTheHostTakesOverWithoutEndingTheShow() throws InterruptedException {
        try (WsClient first = server.user("two-phones", Role.CREATOR);
             WsClient viewer = server.user("watcher", Role.VIEWER)) {
            first.send("{\"type\":\"show.start\",\"title\":\"Switching\"}");
            String roomId = first.expect("show.started").path("roomId").asText();
            viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            viewer.expect("room.joined");
            try (WsClient second = server.user("two-phones", Role.CREATOR)) {
                second.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
                second.expect("room.joined");
                first.close();
                assertTrue(viewer.quietFor("show.ended", GRACE_MS * 2), "the old connection's drop must not end the show");
            }
        }
    }
}
