package io.livestage.loadtest.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.config.AuthConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The show scenario over two nodes of a cluster (the real Redis at 127.0.0.1:6379, a key prefix of its own):
 * subscribers spread over both, each node's share reported, and with {@code --failover} the edge's subscribers
 * watch again through the other node when the edge goes away mid-run.
 */
class ShowAcrossNodesSmokeTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().scan(ScanArgs.Builder.matches(prefix + ":*").limit(1000)).getKeys();
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Timeout(120)
    void subscribersOnALostEdgeWatchAgainThroughThePublishersNode() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b")) {
            String origin = "127.0.0.1:" + a.httpPort();
            ShowOptions options = new ShowOptions(URI.create("ws://" + origin + "/ws"), 4, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), 50, AuthConfig.DEV_SECRET, URI.create("http://" + origin + "/metrics"), 0,
                    100, false, List.of(), VideoSettings.hd720(),
                    List.of(new EdgeNode(URI.create("ws://127.0.0.1:" + b.httpPort() + "/ws"), 0)), true);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            CompletableFuture<ShowReport> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ShowScenario(options, out).run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Into the timed window (the ramp of four takes a tenth of a second, the warm-up two seconds).
            Thread.sleep(3_500);
            b.close();
            ShowReport report = running.get(90, TimeUnit.SECONDS);
            report.print(out);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertEquals(2, report.nodes().size(), output);
            assertTrue(output.contains("edge 127.0.0.1:" + b.httpPort()), output);
            assertEquals(2, report.failover().lost(), "the edge's two subscribers: " + output);
            assertEquals(2, report.failover().back(), "both watch again through the publisher's node: " + output);
            assertTrue(report.failover().outageMs().max() > 0, output);
            assertEquals(4, report.connected(), output);
            assertEquals(4, report.held(), output);
        }
    }

    private LiveStageServer node(String id) {
        return LoopbackServer.start(Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix,
                "LIVESTAGE_CLUSTER_ENABLED", "true", "LIVESTAGE_CLUSTER_NODE_ID", id,
                "LIVESTAGE_CLUSTER_HEARTBEAT_MS", "200", "LIVESTAGE_CLUSTER_EXPIRY_MS", "1000"));
    }
}
