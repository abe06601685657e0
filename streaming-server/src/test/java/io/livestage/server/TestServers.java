package io.livestage.server;

import io.livestage.server.config.ConfigLoader;
import io.livestage.signaling.call.CallClock;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The assembled server in-process on free loopback ports, for tests of every package. */
public final class TestServers {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Free ports on loopback only, so tests never collide with each other or a running server. */
    public static final Map<String, String> LOOPBACK = Map.of("LIVESTAGE_HTTP_PORT", "0", "LIVESTAGE_HTTP_HOST", "127.0.0.1",
            "LIVESTAGE_MEDIA_UDP_PORT", "0", "LIVESTAGE_MEDIA_BIND_ADDRESS", "127.0.0.1",
            "LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES", "[\"127.0.0.1\"]");

    private TestServers() {
    }

    public static LiveStageServer start(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(LOOPBACK);
        env.putAll(overrides);
        return LiveStageServer.start(ConfigLoader.load(null, env));
    }

    /** With a clock the test advances to pass call minutes, ring timeouts and grace periods. */
    public static LiveStageServer start(Map<String, String> overrides, CallClock clock) {
        Map<String, String> env = new HashMap<>(LOOPBACK);
        env.putAll(overrides);
        return LiveStageServer.start(ConfigLoader.load(null, env), clock);
    }

    /**
     * Settings of one node of a test's cluster: the Redis (and key prefix, when not null) its nodes share, the
     * node's id (when not null), and heartbeats fast enough for a test (200 ms, expiry 1 s). Mutable, for more.
     */
    public static Map<String, String> clusterNode(String redisUri, String prefix, String nodeId) {
        Map<String, String> settings = new HashMap<>(Map.of("LIVESTAGE_REDIS_URI", redisUri,
                "LIVESTAGE_CLUSTER_ENABLED", "true", "LIVESTAGE_CLUSTER_HEARTBEAT_MS", "200",
                "LIVESTAGE_CLUSTER_EXPIRY_MS", "1000"));
        if (prefix != null) {
            settings.put("LIVESTAGE_GIFTS_KEY_PREFIX", prefix);
        }
        if (nodeId != null) {
            settings.put("LIVESTAGE_CLUSTER_NODE_ID", nodeId);
        }
        return settings;
    }

    /** A port free on this machine right now, for settings that need a fixed one ({@code metrics.port}, {@code admin.port}). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Deletes every key under the prefix, so a test's Redis data does not outlive it. */
    public static void deleteRedisKeys(String uri, String prefix) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    /**
     * A series of the server's {@code /metrics}, summed over its labels; {@code series} may begin a label
     * set ({@code name{reason="x"}}) to pick some of them. 0 when no line matches.
     */
    public static double metric(LiveStageServer server, String series) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            boolean match = series.contains("{") ? line.startsWith(series)
                    : line.startsWith(series + " ") || line.startsWith(series + "{");
            if (match) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Coins for a test user through the dev endpoint {@code POST /dev/credit}, as a coin purchase would add them. */
    public static void credit(int httpPort, String userId, long coins) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/dev/credit"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"coins\":" + coins + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("POST /dev/credit answered " + response.statusCode() + " " + response.body());
        }
    }
}
