package io.livestage.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real signaling connection to the assembled server for tests: requests one at a time with
 * their replies, and the events that arrived meanwhile kept for later assertions.
 */
public final class TestClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LiveStageServerTest.Messages messages = new LiveStageServerTest.Messages();
    private final List<JsonNode> events = new ArrayList<>();
    private final WebSocket socket;
    private int nextId;

    private TestClient(int httpPort) {
        this.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), messages).join();
    }

    /** Connected and authenticated with a dev token for the user. */
    public static TestClient as(LiveStageServer server, String user, String role, boolean adult) throws Exception {
        return as(server.httpPort(), user, role, adult);
    }

    /** As {@link #as(LiveStageServer, String, String, boolean)}, to a server on this loopback port (another process). */
    public static TestClient as(int httpPort, String user, String role, boolean adult) throws Exception {
        TestClient client = new TestClient(httpPort);
        client.request(message("auth").put("token", devToken(httpPort, user, role, adult)));
        return client;
    }

    /** A dev token for the user, from the server's {@code /dev/token}. */
    public static String devToken(LiveStageServer server, String user, String role, boolean adult) throws Exception {
        return devToken(server.httpPort(), user, role, adult);
    }

    private static String devToken(int httpPort, String user, String role, boolean adult) throws Exception {
        HttpResponse<String> issued = LiveStageServerTest.post("http://127.0.0.1:" + httpPort + "/dev/token",
                "{\"user\":\"" + user + "\",\"roles\":[\"" + role + "\"],\"adult\":" + adult + "}");
        return JSON.readTree(issued.body()).path("token").asText();
    }

    /** Connected, not signed in yet. */
    public static TestClient unauthenticated(LiveStageServer server) {
        return new TestClient(server.httpPort());
    }

    /** Connected and authenticated with this token. */
    public static TestClient authenticated(LiveStageServer server, String token) throws Exception {
        TestClient client = new TestClient(server.httpPort());
        client.request(message("auth").put("token", token));
        return client;
    }

    public static TestClient as(LiveStageServer server, String user, String role) throws Exception {
        return as(server, user, role, true);
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** Sends the request and returns its reply; events that come first are kept. */
    public JsonNode request(ObjectNode request) throws Exception {
        int id = ++nextId;
        socket.sendText(request.put("id", id).toString(), true).join();
        while (true) {
            JsonNode reply = JSON.readTree(messages.next());
            if (reply.path("id").asInt(-1) == id) {
                return reply;
            }
            events.add(reply);
        }
    }

    /** The show as this client's node lists it, once it does (a cluster's heartbeat brings another node's). */
    public JsonNode awaitListed(String roomId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (JsonNode show : request(message("show.list")).path("shows")) {
                if (show.path("roomId").asText().equals(roomId)) {
                    return show;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("show " + roomId + " was never listed");
            }
            Thread.sleep(50);
        }
    }

    /** Sends a message that has no reply (a like, say). */
    public void send(ObjectNode message) {
        socket.sendText(message.toString(), true).join();
    }

    /** The next event of the type, from those kept or still to come. */
    public JsonNode event(String type) throws Exception {
        for (int i = 0; i < events.size(); i++) {
            if (type.equals(events.get(i).path("type").asText())) {
                return events.remove(i);
            }
        }
        while (true) {
            JsonNode message = JSON.readTree(messages.next());
            if (type.equals(message.path("type").asText())) {
                return message;
            }
            events.add(message);
        }
    }

    /** Every event of the type that arrived so far (the kept ones and any waiting), removed. */
    public List<JsonNode> drain(String type) throws Exception {
        String raw;
        while ((raw = messages.queue.poll()) != null) {
            events.add(JSON.readTree(raw));
        }
        List<JsonNode> found = new ArrayList<>();
        events.removeIf(event -> type.equals(event.path("type").asText()) && found.add(event));
        return found;
    }

    /** The close code and reason the server sent. */
    public record Closed(int code, String reason) {
    }

    /** Waits up to 5 s for the server to close the connection, and says how it did. */
    public Closed closed() throws Exception {
        int code = messages.closed.get(5, TimeUnit.SECONDS);
        return new Closed(code, messages.closeReason.getNow(""));
    }

    @Override
    public void close() {
        socket.abort();
    }
}
