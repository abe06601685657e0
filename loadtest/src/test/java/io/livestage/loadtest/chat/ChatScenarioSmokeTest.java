package io.livestage.loadtest.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.signaling.config.AuthConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The only run of the load generator in the test suite: a few viewers for a few seconds, real server. */
class ChatScenarioSmokeTest {

    private static final int VIEWERS = 50;

    @Test
    @Timeout(60)
    void everyViewerJoinsAndGetsEveryChat() throws Exception {
        try (LiveStageServer server = LoopbackServer.start()) {
            String base = "127.0.0.1:" + server.httpPort();
            ChatOptions options = new ChatOptions(URI.create("ws://" + base + "/ws"), VIEWERS, Duration.ofSeconds(1),
                    Duration.ofSeconds(3), 500, 2, AuthConfig.DEV_SECRET, URI.create("http://" + base + "/metrics"), false);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ChatReport report = new ChatScenario(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
            report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
            String output = printed.toString(StandardCharsets.UTF_8);

            assertTrue(report.passed(), output);
            assertEquals(VIEWERS, report.joined());
            assertEquals(VIEWERS, report.heldAtEnd());
            assertEquals(2, report.warmupChats());
            assertEquals(8, report.chatAccepted(), output);
            assertEquals(report.chatAccepted() * VIEWERS, report.receivedDeliveries());
            assertEquals(0, report.lostDeliveries());
            assertEquals((report.chatAccepted() - report.warmupChats()) * VIEWERS, report.latency().count());
            assertTrue(report.latency().max() >= report.latency().p50() && report.latency().p50() > 0, output);
            assertNotNull(report.serverAfterRamp(), output);
            assertTrue(report.serverAfterRamp().heapUsedBytes() > 0, output);
            assertTrue(report.serverAfterRamp().connectionsOpen() >= VIEWERS + 1, output);
            assertTrue(output.contains("p99") && output.contains("RESULT: PASS"), output);
        }
    }
}
