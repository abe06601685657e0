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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The only run of the show scenario in the test suite: a few subscribers for a few seconds, real server. */
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
}
