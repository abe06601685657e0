package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Simulcast as viewers on different networks see it. A Chromium creator publishes three layers
 * (the web client's q, h, f: a quarter, half and all of the camera's width) of a noise camera, which costs its full
 * bitrate to encode. With no viewers it is told to send only its lowest layer. Viewer A watches
 * beside the test, unconstrained; viewer B from a network namespace whose link to the server is
 * shaped to 600 kbit/s (tbf). B must settle on a lower layer within 10 s with at most one freeze
 * while A keeps full resolution, and climb back to full resolution within 15 s of the shaping
 * being lifted. A data-saver pin then holds A at the lowest layer. The run prints what each
 * viewer saw (README and docs/browser-media.md keep the figures).
 */
class BrowserSimulcastTest {
    /**
     * Three Chromiums share two cores with the server here: noise at 960×540 and 24 fps keeps the
     * top layer at its 1.7 Mbit/s cap (well above the shape) and leaves them the CPU to keep time.
     */
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int FPS = 24;
    private static final String CAPTURE = PublishPage.PATH + "?simulcast&width=" + WIDTH + "&height=" + HEIGHT
            + "&fps=" + FPS + "&contentHint=detail";
    private static final long SHAPED_BITS_PER_SECOND = 600_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);
    private static final Duration CLIMB_LIMIT = Duration.ofSeconds(15);
    /** A, unconstrained, climbs layer by layer with the estimate's probes (2 s of room per step). */
    private static final Duration FULL_RESOLUTION_LIMIT = Duration.ofSeconds(25);
    private static final long SHAPED_WINDOW_MILLIS = 5000;
    private static final long POLL_MILLIS = 250;

    @Test
    void aShapedViewerSettlesOnALowerLayerAndClimbsBackWhileAnUnconstrainedOneKeepsFullResolution() {
        assertTimeoutPreemptively(Duration.ofSeconds(170), () -> {
            try (ShapedNetwork network = ShapedNetwork.create();
                 NoiseVideo camera = NoiseVideo.create(WIDTH, HEIGHT, FPS);
                 LiveStageServer server = TestServers.start(network.serverOverrides());
                 HeadlessChromium publisherBrowser = HeadlessChromium.start(camera.file())) {
                int port = server.httpPort();
                PublishPage publisher = new PublishPage(publisherBrowser);
                publisherBrowser.open("http://127.0.0.1:" + port + CAPTURE);
                String roomId = publisher.awaitRoom(TIMEOUT);
                publisher.awaitConnected(TIMEOUT);
                List<String> alone = awaitPublisherLayers(publisher, List.of("q"), TIMEOUT);
                assertEquals(List.of("q"), alone, "a phone with no viewers sends only its lowest layer");
                network.shape(SHAPED_BITS_PER_SECOND);
                try (HeadlessChromium aBrowser = HeadlessChromium.start();
                     HeadlessChromium bBrowser = HeadlessChromium.startIn(network, port)) {
                    WatchPage a = new WatchPage(aBrowser);
                    a.open(port, roomId);
                    WatchPage b = new WatchPage(bBrowser);
                    b.open(network.hostAddress(), port, roomId);
                    a.awaitFirstFrame(TIMEOUT);
                    b.awaitFirstFrame(TIMEOUT);
                    long bFirstFrame = System.nanoTime();
                    watch(network, server, publisher, a, b, bFirstFrame);
                }
            }
        });
    }

    private static void watch(ShapedNetwork network, LiveStageServer server, PublishPage publisher, WatchPage a,
                              WatchPage b, long bFirstFrame) throws Exception {
        List<String> timeline = new ArrayList<>();
        // B behind the shape: a lower layer within 10 s of its first frame, and it stays there.
        long settled = awaitVideo(b, stats -> width(stats) > 0 && width(stats) < WIDTH && !"high".equals(lastLayer(b)),
                SETTLE_LIMIT, "B to settle on a lower layer", timeline);
        Map<?, ?> bBefore = b.videoStats();
        Thread.sleep(SHAPED_WINDOW_MILLIS);
        Map<?, ?> bShaped = b.videoStats();
        String bShapedLayer = lastLayer(b);
        // A meanwhile climbs to, and keeps, full resolution.
        long aFull = awaitVideo(a, stats -> width(stats) == WIDTH, FULL_RESOLUTION_LIMIT,
                "A at full resolution", timeline);
        Map<?, ?> aStats = a.videoStats();

        network.unshape();
        long unshaped = System.nanoTime();
        long climbed = awaitVideo(b, stats -> width(stats) == WIDTH, CLIMB_LIMIT,
                "B back at full resolution once the shaping is lifted", timeline);
        Map<?, ?> bUnshaped = b.videoStats();

        a.pinLayer("low");
        long saver = awaitVideo(a, stats -> width(stats) == WIDTH / 4, TIMEOUT, "A's data saver", timeline);
        Map<?, ?> aLowest = a.videoStats();
        Map<?, ?> aLastLayer = a.layerEvents().get(a.layerEvents().size() - 1);

        String figures = String.format("""
                        simulcast, publisher %d×%d@%d (noise), layers q/h/f; viewer B shaped to %,d kbit/s
                          B settled on %s (%s wide) %,d ms after its first frame; over the next %d s: %s
                          A at full resolution after %,d ms: %s
                          shaping lifted: B at %s wide after %,d ms: %s
                          A pinned low ("data saver"): %s wide after %,d ms (%s)
                          B's layers: %s
                          publisher's layers: %s; keyframes wanted %.0f, asked of the publisher %.0f; switches %.0f
                          %s""",
                WIDTH, HEIGHT, FPS, SHAPED_BITS_PER_SECOND / 1000, bShapedLayer, width(bShaped),
                millis(bFirstFrame, settled), SHAPED_WINDOW_MILLIS / 1000, window(bBefore, bShaped),
                millis(bFirstFrame, aFull), brief(aStats), width(bUnshaped), millis(unshaped, climbed),
                brief(bUnshaped), width(aLowest), millis(climbed, saver), aLastLayer, b.layerEvents(),
                publisher.state().get("layers"),
                TestServers.metric(server, "livestage_sfu_keyframe_wanted_total"),
                TestServers.metric(server, "livestage_sfu_keyframe_requests_total"),
                TestServers.metric(server, "livestage_sfu_subscriber_layer_switches_total"), timeline);
        System.out.println(figures);

        assertTrue(number(bShaped, "freezeCount") <= 1, "B froze more than once while shaped\n" + figures);
        assertTrue(width(bShaped) < WIDTH && !"high".equals(bShapedLayer), "B left its lower layer\n" + figures);
        assertTrue(number(bShaped, "framesPerSecond") > 0, "B's video stalled\n" + figures);
        assertEquals(WIDTH, width(aStats), figures);
        assertEquals("low", aLastLayer.get("layer"), figures);
        assertEquals("pinned", aLastLayer.get("mode"), figures);
        assertTrue(TestServers.metric(server, "livestage_sfu_subscriber_layer_seconds_total{layer=\"high\"") > 0,
                figures);
    }

    /** Waits until the publisher was last told to send exactly these layers; returns what it was told. */
    private static List<String> awaitPublisherLayers(PublishPage publisher, List<String> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object layers = publisher.state().get("layers");
        while (!wanted.equals(layers) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            layers = publisher.state().get("layers");
        }
        return layers instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** Polls the viewer's video statistics until {@code done}; fails with {@code what} after {@code limit}. */
    private static long awaitVideo(WatchPage viewer, Predicate<Map<?, ?>> done, Duration limit, String what,
                                   List<String> timeline) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            Map<?, ?> stats = viewer.videoStats();
            if (stats != null && done.test(stats)) {
                timeline.add(what + ": " + millis(start, System.nanoTime()) + " ms");
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s; last: " + brief(stats)
                        + "; layers " + viewer.layerEvents() + "; " + timeline);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String lastLayer(WatchPage viewer) {
        List<Map<?, ?>> events = viewer.layerEvents();
        return events.isEmpty() ? null : String.valueOf(events.get(events.size() - 1).get("layer"));
    }

    private static String window(Map<?, ?> before, Map<?, ?> after) {
        double seconds = (number(after, "timestamp") - number(before, "timestamp")) / 1000;
        return String.format("%,.0f kbit/s, %.1f fps, %d freezes in all, %.0f packets lost",
                8 * (number(after, "bytesReceived") - number(before, "bytesReceived")) / seconds / 1000,
                (number(after, "framesDecoded") - number(before, "framesDecoded")) / seconds,
                (long) number(after, "freezeCount"), number(after, "packetsLost") - number(before, "packetsLost"));
    }

    private static String brief(Map<?, ?> stats) {
        return stats == null ? "no video" : String.format("%d×%d at %.0f fps, %d freezes",
                width(stats), (long) number(stats, "frameHeight"), number(stats, "framesPerSecond"),
                (long) number(stats, "freezeCount"));
    }

    private static long width(Map<?, ?> stats) {
        return (long) number(stats, "frameWidth");
    }

    private static double number(Map<?, ?> stats, String key) {
        Object value = stats == null ? null : stats.get(key);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
