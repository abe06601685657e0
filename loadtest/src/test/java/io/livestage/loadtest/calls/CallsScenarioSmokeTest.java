package io.livestage.loadtest.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.config.AuthConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The calls scenario's only run in the test suite: three calls, a 600 ms minute, in-memory wallets. */
class CallsScenarioSmokeTest {

    private static final long MINUTE_MS = 600;
    private static final long RATE = 7;

    @Test
    @Timeout(90)
    void threeCallsAreSetUpCarryMediaBillEveryMinuteOnTimeAndTheMoneyAddsUp() throws Exception {
        try (LiveStageServer server = LoopbackServer.start(Map.of("LIVESTAGE_CALLS_MINUTE_MS", Long.toString(MINUTE_MS)))) {
            String base = "127.0.0.1:" + server.httpPort();
            CallsOptions options = new CallsOptions(URI.create("ws://" + base + "/ws"), 3, 2, MINUTE_MS, RATE, 10, true,
                    new VideoSettings(160, 120, 10, 60_000, 2.0, 1200), AuthConfig.DEV_SECRET,
                    URI.create("http://" + base + "/api/wallet/credit"), AuthConfig.DEV_SERVICE_KEY,
                    URI.create("http://" + base + "/metrics"), 0);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            CallsReport report = new CallsScenario(options, out).run();
            report.print(out);
            String output = printed.toString(StandardCharsets.UTF_8);

            assertTrue(report.passed(), output);
            assertEquals(3, report.started(), output);
            assertEquals(3, report.hungUp(), output);
            assertEquals(3, report.heldCalls(), output);
            assertEquals(3, report.setup().count(), output);
            assertEquals(3, report.mediaSetup().count(), output);
            assertTrue(report.setup().p50() > 0 && report.mediaSetup().p50() > 0, output);
            // Held two minutes at least after the last call got up, so each call saw two ticks or more.
            assertTrue(report.expectedTicks() >= 6, output);
            assertEquals(report.expectedTicks(), report.receivedTicks(), output);
            assertEquals(report.receivedTicks(), report.tickLateness().count(), output);
            assertTrue(report.tickLateness().max() < MINUTE_MS * 1000 / 2, output);
            for (CallOutcome call : report.calls()) {
                assertEquals(call.expectedTicks() + 1, call.billedMinutes(), output);
                assertEquals(call.billedMinutes() * RATE, call.charged(), output);
                assertEquals(options.creditPerCaller() - call.charged(), call.callerBalance(), output);
                assertEquals(call.charged(), call.consultantEarnings(), output);
                assertTrue(call.callerReceived().received() > 0 && call.consultantReceived().received() > 0, output);
                assertEquals(0, call.callerReceived().payloadMismatches() + call.consultantReceived().payloadMismatches());
            }
            assertTrue(report.money().addsUp(), output);
            assertEquals(3, report.money().settled(), output);
            assertEquals(report.money().charged(), report.money().earned(), output);
            assertNotNull(report.serverAtEnd(), output);
            assertTrue(report.generatorCpu().totalNanos() > 0, output);
            assertTrue(output.contains("[   1s]") && output.contains("money adds up: yes")
                    && output.contains("RESULT: PASS"), output);
        }
    }
}
