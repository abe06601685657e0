package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.show.ShowOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShowCommandTest {

    private final CommandRun run = new CommandRun();

    @Test
    void defaultsMeasureFiftySubscribersForThirtySecondsOnTheLocalServer() {
        ShowOptions options = run.options(ShowOptions.class, "show");
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(50, options.subscribers());
        assertEquals(Duration.ofSeconds(5), options.warmup());
        assertEquals(Duration.ofSeconds(30), options.duration());
        assertEquals(50, options.rampPerSecond());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertEquals(0, options.serverPid());
        assertEquals(0.1, options.maxLossPercent());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertFalse(options.simulcast());
        assertEquals(List.of(), options.viewerLayers());
        assertNull(options.layerOf(0));
        assertEquals(VideoSettings.hd720(), options.video());
    }

    @Test
    void simulcastViewersPinTheListedLayersInTurn() {
        ShowOptions options = run.options(ShowOptions.class, "show", "--simulcast", "--viewer-layers", "low,medium,high");
        assertTrue(options.simulcast());
        assertEquals(List.of("low", "medium", "high"), options.viewerLayers());
        assertEquals("low", options.layerOf(0));
        assertEquals("high", options.layerOf(2));
        assertEquals("low", options.layerOf(3));
        ShowOptions auto = run.options(ShowOptions.class, "show", "--simulcast");
        assertTrue(auto.simulcast());
        assertNull(auto.layerOf(7), "no pins: the server chooses");
    }

    @Test
    void readsEveryFlag() {
        ShowOptions options = run.options(ShowOptions.class, "show", "--url", "ws://10.0.0.5:9000/ws",
                "--subscribers=500", "--warmup", "10s", "--duration", "2m", "--ramp-per-second", "25", "--metrics-url",
                "http://10.0.0.5:9001/metrics", "--server-pid", "4242", "--max-loss", "0.5", "--secret", "y".repeat(32));
        assertEquals(URI.create("ws://10.0.0.5:9000/ws"), options.url());
        assertEquals(500, options.subscribers());
        assertEquals(Duration.ofSeconds(10), options.warmup());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(25, options.rampPerSecond());
        assertEquals(URI.create("http://10.0.0.5:9001/metrics"), options.metricsUrl());
        assertEquals(4242, options.serverPid());
        assertEquals(0.5, options.maxLossPercent());
        assertEquals("y".repeat(32), options.secret());
    }

    @Test
    void aPlainPublisherCanSendOneSimulcastLayersStream() {
        ShowOptions options = run.options(ShowOptions.class, "show", "--video", "1280x720@30", "--video-kbps", "1200");
        assertEquals(new VideoSettings(1280, 720, 30, 1_200_000, 2.0, 1200), options.video());
        assertFalse(options.simulcast());
    }

    @Test
    void refusesWhatItCannotMeasure() {
        assertEquals("--url must be a ws:// URL with a host, not 'wss://example.org/ws'",
                run.refused("show", "--url", "wss://example.org/ws"));
        assertEquals("--subscribers must be between 1 and 2000, not 0", run.refused("show", "--subscribers", "0"));
        assertEquals("--server-pid must be a whole number, not 'server'", run.refused("show", "--server-pid", "server"));
        assertEquals("--server-pid must be between 1 and 2147483647, not 0", run.refused("show", "--server-pid", "0"));
        assertEquals("--max-loss must be between 0 and 100, not 101", run.refused("show", "--max-loss", "101"));
        assertEquals("--ramp-per-second must be between 1 and 1000, not 1001",
                run.refused("show", "--ramp-per-second", "1001"));
        assertEquals("Unknown options: '--viewers', '5'", run.refused("show", "--viewers", "5"));
        assertEquals("--viewer-layers needs --simulcast", run.refused("show", "--viewer-layers", "low"));
        assertEquals("--viewer-layers takes low, medium, high or auto, comma-separated, not 'low,,high'",
                run.refused("show", "--simulcast", "--viewer-layers", "low,,high"));
        assertEquals("option '--simulcast' should be specified without 'yes' parameter",
                run.refused("show", "--simulcast=yes"));
        assertEquals("--duration must look like 500ms, 60s, 2m or 1h, not 'soon'", run.refused("show", "--duration", "soon"));
        assertEquals("--video must look like 320x240@15 or be 'none', not '720p'", run.refused("show", "--video", "720p"));
        assertEquals("a show needs video: --video none is for calls", run.refused("show", "--video", "none"));
        assertEquals("--video-kbps must be between 8 and 20000, not 7", run.refused("show", "--video-kbps", "7"));
        assertEquals("--video and --video-kbps set the one stream of a publisher without --simulcast",
                run.refused("show", "--simulcast", "--video-kbps", "1200"));
        assertTrue(run.err().contains("'java -jar livestage-loadtest.jar show --help' lists the options."), run.err());
    }

    @Test
    void helpListsEveryOptionWithItsExplanation() {
        String help = run.help("show", "--help");
        for (String option : List.of(
                "--url=URL signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)",
                "--subscribers=N subscribers, 1..2000 (default 50)",
                "--warmup=D media after the ramp that is not measured (default 5s; 0s for none)",
                "--duration=D the timed window, e.g. 30s, 2m (default 30s)",
                "--ramp-per-second=N new subscribers per second (default 50)",
                "--metrics-url=URL server Prometheus endpoint for packets forwarded, CPU time, heap and RSS"
                        + " (default: http://<host:port of --url>/metrics)",
                "--server-pid=N the server's process id: splits its CPU time into user and system from"
                        + " /proc/N/stat (same machine, Linux)",
                "--max-loss=P fail when more than P percent of the expected packets never arrive, not even after"
                        + " NACKs (default 0.1)",
                "--secret=S HS256 token secret of the server (default: the dev secret)",
                "--simulcast the publisher sends its video as three simulcast layers instead: q 320x180 at 120"
                        + " kbit/s, h 640x360 at 400 kbit/s, f 1280x720 at 1.2 Mbit/s, each 30 fps with its own SSRC;"
                        + " it answers keyframe requests per layer and pauses the layers media.layers leaves out",
                "--viewer-layers=L,... with --simulcast: viewers pin these layers in turn (low, medium, high or"
                        + " auto) with media.layer right after their first answer, e.g. low,medium,high (default:"
                        + " none, the server chooses)",
                "-h, --help", "-V, --version",
                "--video=WxH@FPS without --simulcast: the publisher's synthetic VP8, e.g. 1280x720@30 at 1200 kbit/s,"
                        + " the simulcast f layer (default 1280x720@30)",
                "--video-kbps=N its bit rate (default 2500)",
                "One publisher starts a show and sends synthetic Opus and 720p VP8 (about 2.5 Mbit/s; --video and"
                        + " --video-kbps change it);",
                "and the keyframe requests that reached the publisher per stream during the join ramp, the warm-up"
                        + " and the window.",
                "LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='[\"127.0.0.1\"]')",
                "The run ends by itself: publishing (at most 30 s), ramp (at most subscribers/ramp + 30 s),"
                        + " --warmup, --duration, up to 40 s to close; then every socket is closed.",
                "Exit status: 0 when every subscriber connected and stayed, the server forwarded media and the loss"
                        + " stayed within --max-loss; 1 when the scenario failed, 2 for a bad command line.")) {
            assertTrue(CommandRun.words(help).contains(CommandRun.words(option)), () -> "no '" + option + "' in: " + help);
        }
    }
}
