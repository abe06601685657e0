package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two assembled nodes sharing the real Redis at 127.0.0.1:6379 (under a key prefix of this run's
 * own): {@code show.list} and {@code consultant.list} on either cover both, a show hosted on the
 * other node can be joined here (ClusterShowTest has the rest), and a node that shuts down leaves the lists.
 */
class ClusterListingTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void eachNodeListsEveryNodesShowsAndConsultants() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient host = TestClient.as(a, "cl-host", "creator");
             TestClient consultant = TestClient.as(b, "cl-consultant", "consultant", true);
             TestClient viewer = TestClient.as(b, "cl-viewer", "viewer");
             TestClient caller = TestClient.as(a, "cl-caller", "viewer", true)) {
            assertEquals("node-a", a.nodeId());
            String roomId = host.request(TestClient.message("show.start").put("title", "Two nodes")).path("roomId").asText();
            consultant.request(TestClient.message("consultant.status").put("available", true));

            JsonNode shows = await(viewer, "show.list", "shows", roomId, "roomId");
            assertEquals("Two nodes", shows.path("title").asText());
            assertEquals("cl-host", shows.path("hostId").asText());
            JsonNode consultants = await(caller, "consultant.list", "consultants", "cl-consultant", "userId");
            assertEquals(10, consultants.path("ratePerMinute").asLong());
            assertEquals(roomId, await(host, "show.list", "shows", roomId, "roomId").path("roomId").asText(),
                    "the host's own node lists it too");

            JsonNode nodes = nodesOf(b);
            assertEquals(2, nodes.size(), nodes.toString());
            assertEquals("node-b", nodes.get(0).path("nodeId").asText(), "this node first");
            assertEquals(1, nodes.get(0).path("consultants").size());
            assertTrue(nodes.get(0).path("connections").asInt() >= 2, nodes.toString());
            assertEquals("127.0.0.1:" + b.sfu().udpPort(), nodes.get(0).path("mediaAddresses").get(0).asText());
            assertEquals("node-a", nodes.get(1).path("nodeId").asText());
            assertEquals(roomId, nodes.get(1).path("shows").get(0).path("roomId").asText());
            assertEquals("127.0.0.1:" + a.sfu().udpPort(), nodes.get(1).path("mediaAddresses").get(0).asText());

            JsonNode joined = viewer.request(TestClient.message("room.join").put("roomId", roomId));
            assertEquals("room.joined", joined.path("type").asText(), "a show on another node is joined here: " + joined);

            a.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (list(viewer, "show.list", "shows").size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, list(viewer, "show.list", "shows").size(), "a node that shut down leaves the list");
        }
    }

    private static JsonNode nodesOf(LiveStageServer server) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + "/api/nodes"))
                .header("Authorization", "Bearer " + AuthConfig.DEV_SERVICE_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return TestClient.JSON.readTree(response.body()).path("nodes");
    }

    private LiveStageServer node(String id) {
        return TestServers.start(TestServers.clusterNode(REDIS, prefix, id));
    }

    /** The entry of {@code field} in the listing whose {@code key} is {@code value}, once one heartbeat brought it. */
    private static JsonNode await(TestClient client, String type, String field, String value, String key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (JsonNode entry : list(client, type, field)) {
                if (entry.path(key).asText().equals(value)) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(type + " never listed " + value + ": " + list(client, type, field));
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode list(TestClient client, String type, String field) throws Exception {
        return client.request(TestClient.message(type)).path(field);
    }
}
