package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A room's events through the real server: clients that {@code auth} with {@code batch: true} get a burst
 * of chat in fewer frames ({@code room.events}), in order; clients that did not ask get one frame per event
 * as before; and the tick's meters count what went out.
 */
class RoomEventsFanoutTest {
    private static final int VIEWERS = 30;
    private static final int MESSAGES = 4;

    @Test
    void aBurstOfChatReachesBatchReadersInFewerFramesAndOthersOneFrameEach() throws Exception {
        List<WsClient> batched = new ArrayList<>();
        List<WsClient> separate = new ArrayList<>();
        try (TestServer server = TestServer.start();
             WsClient host = server.user("star", Role.CREATOR)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Ticks\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            for (int i = 0; i < VIEWERS; i++) {
                boolean batch = i % 2 == 0;
                WsClient viewer = server.connect();
                viewer.send("{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + server.token("fan" + i, Role.VIEWER)
                        + "\"" + (batch ? ",\"batch\":true" : "") + "}");
                viewer.expect("welcome");
                viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
                viewer.expect("room.joined");
                (batch ? batched : separate).add(viewer);
            }
            // Sent back to back: the first goes out at once, the rest gather in the next tick.
            StringBuilder burst = new StringBuilder();
            for (int m = 0; m < MESSAGES; m++) {
                host.send("{\"type\":\"chat.send\",\"id\":" + m + ",\"roomId\":\"" + roomId + "\",\"text\":\"m" + m + "\"}");
            }
            for (int m = 0; m < MESSAGES; m++) {
                burst.append(host.expect("chat").path("text").asText());
            }
            assertEquals("m0m1m2m3", burst.toString());

            int batchFrames = 0;
            for (WsClient viewer : batched) {
                List<String> texts = new ArrayList<>();
                while (texts.size() < MESSAGES) {
                    JsonNode frame = viewer.next();
                    if (frame.path("type").asText().equals("room.events")) {
                        batchFrames++;
                        assertEquals(roomId, frame.path("roomId").asText());
                        for (JsonNode event : frame.path("events")) {
                            if (event.path("type").asText().equals("chat")) {
                                texts.add(event.path("text").asText());
                            }
                        }
                    } else if (frame.path("type").asText().equals("chat")) {
                        texts.add(frame.path("text").asText());
                    }
                }
                assertEquals(List.of("m0", "m1", "m2", "m3"), texts, "in the order the room saw them");
                assertTrue(viewer.quietFor("chat", 200) && viewer.quietFor("room.events", 0), "nothing twice");
            }
            assertTrue(batchFrames > 0, "a burst gathered in one tick goes as room.events");
            for (WsClient viewer : separate) {
                List<String> texts = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    texts.add(viewer.expect("chat").path("text").asText());
                }
                assertEquals(List.of("m0", "m1", "m2", "m3"), texts);
                assertTrue(viewer.quietFor("room.events", 200), "a client that did not ask never gets a batch");
            }
            assertTrue(server.meter("livestage.room.events.ticks") >= 2);
            assertEquals(0.0, server.meter("livestage.room.events.pending"), "every slot was given back");
        } finally {
            batched.forEach(WsClient::close);
            separate.forEach(WsClient::close);
        }
    }
}
