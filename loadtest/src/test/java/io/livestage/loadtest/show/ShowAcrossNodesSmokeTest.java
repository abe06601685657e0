package io.livestage.loadtest.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.config.AuthConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            Run run = Run.start(a, b, Duration.ofSeconds(5));
            // Into the timed window (the ramp of four takes a tenth of a second, the warm-up two seconds).
            Thread.sleep(3_500);
            b.close();
            ShowReport report = run.report();
            String output = run.output();

            assertEquals(2, report.nodes().size(), output);
            assertTrue(output.contains("edge 127.0.0.1:" + b.httpPort()), output);
            assertEquals(2, report.failover().lost(), "the edge's two subscribers: " + output);
            assertEquals(2, report.failover().back(), "both watch again through the publisher's node: " + output);
            assertTrue(report.failover().outageMs().max() > 0, output);
            assertEquals(4, report.connected(), output);
            assertEquals(4, report.held(), output);
            assertWindowCountsEveryone(report, output);
        }
    }

    /**
     * The edge drains instead of dying: it asks its subscribers (members of a show hosted elsewhere) to reconnect, and
     * they follow the hint through the publisher's node while the edge still runs, as the web client does. Before
     * the load generator followed hints, they stayed on the draining edge until it stopped.
     */
    @Test
    @Timeout(120)
    void subscribersOnADrainingEdgeFollowItsHintThroughThePublishersNode() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b")) {
            Run run = Run.start(a, b, Duration.ofSeconds(8));
            Thread.sleep(3_500);
            HttpResponse<String> drained = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + b.adminPort() + "/api/node/drain"))
                    .header("Authorization", "Bearer " + AuthConfig.DEV_SERVICE_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, drained.statusCode(), drained.body());
            ShowReport report = run.report();
            String output = run.output();

            output.lines().filter(line -> line.startsWith("failover")).forEach(System.out::println);
            assertEquals(2, report.failover().hinted(), "the edge's two subscribers followed its hint: " + output);
            assertEquals(0, report.failover().lost(), "nobody waited for the edge to go: " + output);
            assertEquals(2, report.failover().back(), "both watch again through the publisher's node: " + output);
            assertEquals(4, report.connected(), output);
            assertEquals(0, b.sfu().subscriptionCount(), "the draining edge serves nobody now: " + output);
            assertWindowCountsEveryone(report, output);
        }
    }

    /**
     * The window's receive figures count the subscribers that moved as well as those that stayed: what each received
     * before it left and after it came back. Before they did, a subscriber that left mid-window took its counts with
     * it, and NACKs and losses read negative.
     */
    private static void assertWindowCountsEveryone(ShowReport report, String output) {
        assertTrue(report.nodes().get(1).delivered() > 0, "the edge delivered until its subscribers moved: " + output);
        ReceiveTotals window = report.received();
        assertTrue(window.nacked() >= 0 && window.givenUp() >= 0 && window.recovered() >= 0, output);
        assertTrue(window.received() >= window.expected() * 9 / 10, "no more than a tenth missing: " + output);
    }

    /**
     * The show scenario running over the two nodes: four subscribers, two on each, with {@code --failover}, after a
     * two-second warm-up for {@code duration}.
     */
    private record Run(CompletableFuture<ShowReport> running, ByteArrayOutputStream printed, PrintStream out) {
        static Run start(LiveStageServer a, LiveStageServer b, Duration duration) {
            String origin = "127.0.0.1:" + a.httpPort();
            ShowOptions options = new ShowOptions(URI.create("ws://" + origin + "/ws"), 4, Duration.ofSeconds(2),
                    duration, 50, AuthConfig.DEV_SECRET, URI.create("http://" + origin + "/metrics"), 0,
                    100, false, List.of(), VideoSettings.hd720(),
                    List.of(new EdgeNode(URI.create("ws://127.0.0.1:" + b.httpPort() + "/ws"), 0)), true);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            return new Run(CompletableFuture.supplyAsync(() -> {
                try {
                    return new ShowScenario(options, out).run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }), printed, out);
        }

        /** Waits for the run's end; its report, also printed to {@link #output}. */
        ShowReport report() throws Exception {
            ShowReport report = running.get(90, TimeUnit.SECONDS);
            report.print(out);
            return report;
        }

        String output() {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    private LiveStageServer node(String id) {
        return LoopbackServer.start(Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix,
                "LIVESTAGE_CLUSTER_ENABLED", "true", "LIVESTAGE_CLUSTER_NODE_ID", id,
                "LIVESTAGE_CLUSTER_HEARTBEAT_MS", "200", "LIVESTAGE_CLUSTER_EXPIRY_MS", "1000"));
    }
}
