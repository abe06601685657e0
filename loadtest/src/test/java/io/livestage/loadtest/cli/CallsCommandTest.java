package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallsCommandTest {

    private final CommandRun run = new CommandRun();

    @Test
    void defaultsHoldTwoHundredLightCallsForThreeRealMinutesOnTheLocalServer() {
        CallsOptions options = run.options(CallsOptions.class, "calls");
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(200, options.calls());
        assertEquals(3, options.minutes());
        assertEquals(60_000, options.minuteMs());
        assertEquals(10, options.rate());
        assertEquals(10, options.rampPerSecond());
        assertTrue(options.audio());
        assertEquals(new VideoSettings(320, 240, 15, 150_000, 2.0, 1200), options.video());
        assertEquals(URI.create("http://127.0.0.1:8080/api/wallet/credit"), options.creditUrl());
        assertEquals(AuthConfig.DEV_SERVICE_KEY, options.serviceKey());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertEquals(0, options.serverPid());
    }

    @Test
    void readsEveryFlag() {
        CallsOptions options = run.options(CallsOptions.class, "calls", "--url", "ws://10.0.0.5:9000/ws", "--calls",
                "50", "--minutes=5", "--minute-ms", "2000", "--rate", "30", "--ramp-per-second", "25", "--video",
                "640x360@30", "--video-kbps", "500", "--no-audio", "--service-key", "a-service-key-of-the-test",
                "--no-metrics", "--server-pid", "4242", "--secret", "w".repeat(32));
        assertEquals(URI.create("ws://10.0.0.5:9000/ws"), options.url());
        assertEquals(50, options.calls());
        assertEquals(5, options.minutes());
        assertEquals(2000, options.minuteMs());
        assertEquals(30, options.rate());
        assertEquals(25, options.rampPerSecond());
        assertFalse(options.audio());
        assertEquals(new VideoSettings(640, 360, 30, 500_000, 2.0, 1200), options.video());
        assertEquals(URI.create("http://10.0.0.5:9000/api/wallet/credit"), options.creditUrl());
        assertEquals("a-service-key-of-the-test", options.serviceKey());
        assertEquals("w".repeat(32), options.secret());
        assertNull(options.metricsUrl());
        assertEquals(4242, options.serverPid());
    }

    @Test
    void audioOnlyCallsSendNoVideo() {
        CallsOptions options = run.options(CallsOptions.class, "calls", "--video", "none");
        assertNull(options.video());
        assertTrue(options.audio());
    }

    @Test
    void refusesNothingToSendBadVideoAndAMinuteBeyondTheServersRange() {
        assertEquals("--no-audio with --video none leaves nothing to send",
                run.refused("calls", "--no-audio", "--video", "none"));
        assertEquals("--video must look like 320x240@15 or be 'none', not '320x240'",
                run.refused("calls", "--video", "320x240"));
        assertTrue(run.refused("calls", "--video", "320x240@30", "--video-kbps", "10")
                .startsWith("--video 320x240@30 at 10 kbit/s: bitsPerSecond too low"));
        assertEquals("--minute-ms must be between 100 and 60000, not 90000", run.refused("calls", "--minute-ms", "90000"));
        assertEquals("--calls must be between 1 and 2000, not 2001", run.refused("calls", "--calls", "2001"));
        assertEquals("--ramp-per-second must be between 1 and 200, not 0", run.refused("calls", "--ramp-per-second", "0"));
        assertEquals("--video-kbps must be between 8 and 20000, not 7", run.refused("calls", "--video-kbps", "7"));
        assertEquals("option '--no-audio' should be specified without 'yes' parameter",
                run.refused("calls", "--no-audio=yes"));
        assertTrue(run.err().contains("'java -jar livestage-loadtest.jar calls --help' lists the options."), run.err());
    }

    @Test
    void helpListsEveryOptionWithItsExplanation() {
        String help = run.help("calls", "--help");
        for (String option : List.of(
                "--url=URL signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)",
                "--calls=N concurrent calls, 1..2000 (default 200)",
                "--minutes=N simulated minutes the calls are held, 1..600 (default 3)",
                "--minute-ms=N the server's billed minute in ms; must equal its calls.minuteMs"
                        + " (LIVESTAGE_CALLS_MINUTE_MS, dev mode only below 60000), 100..60000 (default 60000)",
                "--rate=N each consultant's price in coins a minute, within the server's calls.minRate..maxRate"
                        + " (default 10)",
                "--ramp-per-second=N calls started per second, 1..200 (default 10)",
                "--video=WxH@FPS each side's synthetic VP8, e.g. 640x360@30, or 'none' (default 320x240@15)",
                "--video-kbps=N its bit rate (default 150)",
                "--no-audio send no Opus (audio is on by default)",
                "--secret=S HS256 token secret of the server (default: the dev secret)",
                "--service-key=K the server's auth.serviceKey, to credit the callers' wallets with POST"
                        + " /api/wallet/credit (default: the dev key)",
                "--metrics-url=URL server Prometheus endpoint for CPU, heap, RSS and packets (default:"
                        + " http://<host:port of --url>/metrics)",
                "--no-metrics do not scrape server figures",
                "--server-pid=N the server's process id: splits its CPU time into user and system from"
                        + " /proc/N/stat (same machine, Linux)",
                "-h, --help", "-V, --version",
                "N paid 1:1 calls at once. Per call a consultant goes available and an adult caller,",
                "and the server's CPU, heap and RSS over the hold.",
                "LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='[\"127.0.0.1\"]')",
                "The run ends by itself: funding, ramp (at most calls/ramp + 60 s), the hold, then at most one minute"
                        + " and 90 s for the hang-ups; every connection is closed.",
                "Exit status: 0 when every call was set up with media both ways, billed every started minute and hung"
                        + " up, and the money adds up; 1 when the scenario failed, 2 for a bad command line.")) {
            assertTrue(CommandRun.words(help).contains(CommandRun.words(option)), () -> "no '" + option + "' in: " + help);
        }
    }
}
