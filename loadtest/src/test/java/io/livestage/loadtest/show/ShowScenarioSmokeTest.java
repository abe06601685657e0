package io.livestage.loadtest.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.LoopbackServer;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.config.AuthConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The only runs of the show scenario in the test suite: a few subscribers for a few seconds, real server. */
class ShowScenarioSmokeTest {

    private static final int SUBSCRIBERS = 5;

    @Test
    @Timeout(90)
    void everySubscriberGetsEveryPacketAndTheServerCostIsReported() throws Exception {
        try (LiveStageServer server = LoopbackServer.start()) {
            String base = "127.0.0.1:" + server.httpPort();
            // The server runs in this JVM here, so its pid is ours: that exercises the /proc split too.
            ShowOptions options = new ShowOptions(URI.create("ws://" + base + "/ws"), SUBSCRIBERS, Duration.ofSeconds(1),
                    Duration.ofSeconds(2), 50, AuthConfig.DEV_SECRET, URI.create("http://" + base + "/metrics"),
                    ProcessHandle.current().pid(), 0);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            ShowReport report = new ShowScenario(options, out).run();
            report.print(out);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertTrue(report.passed(), output);
            assertEquals(SUBSCRIBERS, report.connected(), output);
            assertEquals(SUBSCRIBERS, report.held(), output);
            assertTrue(report.forwarded() > 0, output);
            // Every packet the publisher sent in the window goes to every subscriber (give or take the edges).
            double perIncoming = report.forwardedPerSecond() / report.publishedPerSecond();
            assertTrue(perIncoming > SUBSCRIBERS * 0.8 && perIncoming < SUBSCRIBERS * 1.2, output);
            assertTrue(report.serverCpuMicrosPerPacket() > 0, output);
            assertTrue(report.received().expected() > 0, output);
            assertEquals(0, report.received().missing(), output);
            assertEquals(0, report.received().payloadMismatches(), output);
            assertTrue(report.latency().count() > 0 && report.latency().max() >= report.latency().p99(), output);
            assertTrue(report.end().server().heapUsedBytes() > 0, output);
            assertTrue(output.contains("us per forwarded packet (user") && output.contains("RESULT: PASS"), output);
        }
    }

    @Test
    @Timeout(90)
    void simulcastViewersGetThePinnedLayersIntactAndTheKeyframeRequestsAreCountedPerLayer() throws Exception {
        try (LiveStageServer server = LoopbackServer.start()) {
            String base = "127.0.0.1:" + server.httpPort();
            ShowOptions options = new ShowOptions(URI.create("ws://" + base + "/ws"), 3, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), 50, AuthConfig.DEV_SECRET, URI.create("http://" + base + "/metrics"), 0, 0,
                    true, List.of("low", "medium", "high"));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            ShowReport report = new ShowScenario(options, out).run();
            report.print(out);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertTrue(report.passed(), output);
            assertEquals(Map.of("low", 1L, "medium", 1L, "high", 1L), report.video().viewersByLayer(), output);
            assertEquals(0, report.video().offPin(), output);
            assertEquals(List.of("ramp", "warm-up", "timed"),
                    report.video().keyframes().stream().map(KeyframeRequestLog.Phase::name).toList(), output);
            assertEquals(3, report.video().ssrcs().length, output);
            // Each viewer gets one layer (and the audio), not all three.
            double perIncoming = report.forwardedPerSecond() / report.publishedPerSecond();
            assertTrue(perIncoming > 0.8 && perIncoming < 1.6, output);
            assertEquals(0, report.received().missing(), output);
            assertEquals(0, report.received().payloadMismatches(), output);
            long asked = report.video().keyframes().stream().mapToLong(phase -> Arrays.stream(phase.requests()).sum())
                    .sum();
            assertTrue(asked > 0, "each layer's first keyframe is asked for as viewers choose it: " + output);
            assertTrue(output.contains("viewers      by layer") && output.contains("keyframes    requests"), output);
        }
    }
}
