package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShowLifecycleTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aShowFromStartToEnd() throws InterruptedException {
        try (WsClient host = server.user("host1", Role.CREATOR);
             WsClient alice = server.user("alice1", Role.VIEWER);
             WsClient bob = server.user("bob1", Role.VIEWER)) {
            host.send("{\"type\":\"show.start\",\"id\":1,\"title\":\"Cooking live\"}");
            JsonNode started = host.expect("show.started");
            assertEquals(1, started.path("id").asInt());
            String roomId = started.path("roomId").asText();

            alice.send("{\"type\":\"show.list\",\"id\":\"l\"}");
            JsonNode listed = find(alice.expect("show.list").path("shows"), roomId);
            assertEquals("Cooking live", listed.path("title").asText());
            assertEquals("host1", listed.path("hostId").asText());
            assertEquals("Name host1", listed.path("hostName").asText());
            assertEquals(0, listed.path("viewers").asInt());

            alice.send("{\"type\":\"room.join\",\"id\":\"j\",\"roomId\":\"" + roomId + "\"}");
            JsonNode joined = alice.expect("room.joined");
            assertEquals("j", joined.path("id").asText());
            assertEquals(roomId, joined.path("roomId").asText());
            assertEquals("Cooking live", joined.path("title").asText());
            assertEquals("host1", joined.path("hostId").asText());
            assertEquals(1, joined.path("viewers").asInt());
            assertTrue(joined.path("publishers").isArray());
            assertTrue(joined.path("leaderboard").isArray());
            assertEquals(1, host.expect("room.viewers").path("count").asInt());

            bob.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            bob.expect("room.joined");
            assertEquals(2, awaitCount(host, 2));

            bob.send("{\"type\":\"chat.send\",\"id\":\"c1\",\"roomId\":\"" + roomId + "\",\"text\":\"hello 👋\"}");
            JsonNode own = bob.expect("chat");
            assertEquals("c1", own.path("id").asText());
            for (WsClient member : new WsClient[] {host, alice}) {
                JsonNode chat = member.expect("chat");
                assertTrue(chat.path("id").isMissingNode(), "events carry no id");
                assertEquals(roomId, chat.path("roomId").asText());
                assertEquals("bob1", chat.path("from").path("userId").asText());
                assertEquals("Name bob1", chat.path("from").path("name").asText());
                assertEquals("hello 👋", chat.path("text").asText());
                assertTrue(chat.path("ts").asLong() > 0);
            }

            bob.send("{\"type\":\"room.leave\",\"id\":\"x\",\"roomId\":\"" + roomId + "\"}");
            assertEquals("x", bob.expect("room.left").path("id").asText());
            assertEquals(1, awaitCount(host, 1));

            alice.send("{\"type\":\"show.end\",\"id\":\"e\",\"roomId\":\"" + roomId + "\"}");
            alice.expectError("forbidden");

            host.send("{\"type\":\"show.end\",\"id\":\"end\",\"roomId\":\"" + roomId + "\"}");
            JsonNode hostEnded = host.expect("show.ended");
            assertEquals("end", hostEnded.path("id").asText());
            assertEquals("host_ended", hostEnded.path("reason").asText());
            JsonNode aliceEnded = alice.expect("show.ended");
            assertEquals("host_ended", aliceEnded.path("reason").asText());
            assertTrue(bob.quietFor("show.ended", 300), "a viewer who left is not told");

            alice.send("{\"type\":\"room.join\",\"id\":\"again\",\"roomId\":\"" + roomId + "\"}");
            assertEquals("again", alice.expectError("not_found").path("id").asText());
            alice.send("{\"type\":\"show.list\"}");
            assertTrue(alice.expect("show.list").path("shows").findValues("roomId").stream()
                    .noneMatch(id -> id.asText().equals(roomId)));
        }
    }

    @Test
    void viewerCountsAreCoalesced() throws InterruptedException {
        try (WsClient host = server.user("host2", Role.CREATOR)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Busy\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            WsClient[] viewers = new WsClient[20];
            for (int i = 0; i < viewers.length; i++) {
                viewers[i] = server.user("crowd" + i, Role.VIEWER);
                viewers[i].send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            }
            for (WsClient viewer : viewers) {
                viewer.expect("room.joined");
            }
            // 20 joins within a few interval lengths: far fewer than 20 count events, ending at 20.
            int events = 0;
            int last = -1;
            long deadline = System.currentTimeMillis() + 3000;
            while (last != 20 && System.currentTimeMillis() < deadline) {
                last = host.expect("room.viewers").path("count").asInt();
                events++;
            }
            assertEquals(20, last);
            assertTrue(events < 20, "viewer counts were not coalesced: " + events + " events");
            for (WsClient viewer : viewers) {
                viewer.close();
            }
            assertEquals(0, awaitCount(host, 0));
        }
    }

    @Test
    void oneLiveShowPerHost() {
        try (WsClient host = server.user("host3", Role.CREATOR)) {
            host.send("{\"type\":\"show.start\",\"title\":\"First\"}");
            host.expect("show.started");
            host.send("{\"type\":\"show.start\",\"id\":2,\"title\":\"Second\"}");
            assertEquals(2, host.expectError("conflict").path("id").asInt());
        }
    }

    @Test
    void joiningTwiceIsIdempotent() {
        try (WsClient host = server.user("host4", Role.CREATOR);
             WsClient viewer = server.user("twice", Role.VIEWER)) {
            host.send("{\"type\":\"show.start\",\"title\":\"Again\"}");
            String roomId = host.expect("show.started").path("roomId").asText();
            viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            assertEquals(1, viewer.expect("room.joined").path("viewers").asInt());
            viewer.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
            assertEquals(1, viewer.expect("room.joined").path("viewers").asInt());
        }
    }

    /** Reads room.viewers events until the count is reached. */
    static int awaitCount(WsClient client, int expected) {
        int count = -1;
        long deadline = System.currentTimeMillis() + 5000;
        while (count != expected && System.currentTimeMillis() < deadline) {
            count = client.expect("room.viewers").path("count").asInt();
        }
        return count;
    }

    private static JsonNode find(JsonNode shows, String roomId) {
        for (JsonNode show : shows) {
            if (show.path("roomId").asText().equals(roomId)) {
                return show;
            }
        }
        throw new AssertionError(roomId + " not listed in " + shows);
    }
}
