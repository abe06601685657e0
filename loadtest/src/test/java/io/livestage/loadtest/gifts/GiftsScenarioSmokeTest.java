package io.livestage.loadtest.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** The gifts scenario's only run in the test suite: two rooms, a few members, two seconds, in-memory gifts. */
class GiftsScenarioSmokeTest {

    @Test
    @Timeout(60)
    void everyMemberGetsEveryGiftOfItsRoomOnce() throws Exception {
        try (LiveStageServer server = LoopbackServer.start()) {
            String base = "127.0.0.1:" + server.httpPort();
            GiftsOptions options = new GiftsOptions(URI.create("ws://" + base + "/ws"), 2, 6, 2, 20,
                    Duration.ofMillis(500), Duration.ofSeconds(1), 500, AuthConfig.DEV_SECRET,
                    URI.create("http://" + base + "/api/wallet/credit"), AuthConfig.DEV_SERVICE_KEY,
                    URI.create("http://" + base + "/metrics"), null, 0);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            GiftsReport report = new GiftsScenario(options, out).run();
            report.print(out);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertTrue(report.passed(), output);
            // Each room: its host, three viewers and one sender.
            assertEquals(10, report.members().joined(), output);
            assertEquals(10, report.members().heldAtEnd(), output);
            assertEquals(30, report.sending().accepted(), output);
            assertEquals(10, report.sending().warmupGifts());
            assertEquals(30 * 5, report.tally().expected(), output);
            assertEquals(report.tally().expected(), report.tally().received(), output);
            assertEquals(0, report.duplicates());
            assertEquals(20 * 5, report.latency().count(), output);
            assertTrue(report.latency().max() >= report.latency().p50() && report.latency().p50() > 0, output);
            assertNotNull(report.serverAtEnd(), output);
            assertNull(report.redis(), output);
            assertNull(report.serverCpu(), output);
            assertTrue(report.generatorCpu().totalNanos() > 0, output);
            assertTrue(output.contains("[   1s]") && output.contains("RESULT: PASS"), output);
        }
    }
}
