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
    /** B must be on a lower layer this long after its first frame, and stay there for the window after. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);
    /**
     * B back at full resolution after the shaping is lifted. It takes 6.4 to 6.7 s here (two layers, each a successful
     * probe and 2 s of room); runs of more than 15 s, a third of them until 6 December 2026, were probes read as
     * failed when their packets arrived within one feedback tick (docs/browser-media.md, "B's climb back").
     */
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
                PublishPage publisher = PublishPage.live(publisherBrowser, port, CAPTURE, TIMEOUT);
                String roomId = publisher.roomId();
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
        Map<?, ?> bAtFirstFrame = b.videoStats();
        // B behind the shape: on a lower layer 10 s after its first frame, and still there 5 s later.
        Thread.sleep(Math.max(0, bFirstFrame / 1_000_000 + SETTLE_LIMIT.toMillis() - System.nanoTime() / 1_000_000));
        Map<?, ?> bSettled = b.videoStats();
        String bSettledLayer = lastLayer(b);
        long bLastChange = lastLayerChangeMillis(b) - System.currentTimeMillis() + (System.nanoTime() - bFirstFrame) / 1_000_000;
        long stayedLower = 0;
        long deadline = System.nanoTime() + SHAPED_WINDOW_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            Map<?, ?> stats = b.videoStats();
            stayedLower += width(stats) > 0 && width(stats) < WIDTH && !"high".equals(lastLayer(b)) ? 0 : 1;
            Thread.sleep(POLL_MILLIS);
        }
        Map<?, ?> bShaped = b.videoStats();
        // A meanwhile climbed to full resolution.
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
        long bShapedFreezes = (long) (number(bShaped, "freezeCount") - number(bAtFirstFrame, "freezeCount"));
        long bSettlingFreezes = (long) (number(bSettled, "freezeCount") - number(bAtFirstFrame, "freezeCount"));

        String figures = String.format("""
                        simulcast, publisher %d×%d@%d (noise), layers q/h/f; viewer B shaped to %,d kbit/s
                          B on %s (%d wide) 10 s after its first frame (its last switch at %,d ms); the next %d s: %s, \
                        left the lower layer in %d of the polls; %d freezes while shaped (%d of them in the first 10 s)
                          A at full resolution %,d ms after B's first frame: %s
                          shaping lifted: B at %d wide after %,d ms: %s
                          A pinned low ("data saver"): %d wide after %,d ms (%s)
                          B's layers: %s
                          publisher's layers: %s; keyframes wanted %.0f, asked of the publisher %.0f; switches %.0f
                          %s""",
                WIDTH, HEIGHT, FPS, SHAPED_BITS_PER_SECOND / 1000, bSettledLayer, width(bSettled), bLastChange,
                SHAPED_WINDOW_MILLIS / 1000, window(bSettled, bShaped), stayedLower, bShapedFreezes, bSettlingFreezes,
                millis(bFirstFrame, aFull), brief(aStats), width(bUnshaped), millis(unshaped, climbed),
                brief(bUnshaped), width(aLowest), millis(climbed, saver), aLastLayer, b.layerEvents(),
                publisher.state().get("layers"),
                TestServers.metric(server, "livestage_sfu_keyframe_wanted_total"),
                TestServers.metric(server, "livestage_sfu_keyframe_requests_total"),
                TestServers.metric(server, "livestage_sfu_subscriber_layer_switches_total"), timeline);
        System.out.println(figures);

        assertTrue(width(bSettled) < WIDTH && !"high".equals(bSettledLayer),
                "B not on a lower layer 10 s after its first frame\n" + figures);
        assertEquals(0, stayedLower, "B left its lower layer while shaped\n" + figures);
        // One freeze comes with joining through the shape: the noise camera's keyframe is incompressible
        // and takes a quarter second to cross 600 kbit/s (measured: it falls in the first 10 s, also
        // before the fan-out moved to every loop). CI's two cores, shared by three Chromiums encoding and
        // decoding, add at most one more; a viewer the server kept on a layer its link cannot carry
        // freezes every few seconds.
        assertTrue(bShapedFreezes <= 2, "B froze more than twice while shaped\n" + figures);
        assertTrue(number(bShaped, "framesPerSecond") > 0, "B's video stalled\n" + figures);
        assertEquals(WIDTH, width(aStats), figures);
        assertEquals("low", aLastLayer.get("layer"), figures);
        assertEquals("pinned", aLastLayer.get("mode"), figures);
        assertTrue(TestServers.metric(server, "livestage_sfu_subscriber_layer_seconds_total{layer=\"high\"") > 0,
                figures);
    }

    /** The wall-clock time (ms) of the viewer's latest media.layer event, or 0 before any. */
    private static long lastLayerChangeMillis(WatchPage viewer) {
        List<Map<?, ?>> events = viewer.layerEvents();
        return events.isEmpty() ? 0 : ((Number) events.get(events.size() - 1).get("at")).longValue();
    }

    /** Waits until the publisher was last told to send exactly these layers; returns what it was told. */
    static List<String> awaitPublisherLayers(PublishPage publisher, List<String> wanted, Duration timeout)
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
    static long awaitVideo(WatchPage viewer, Predicate<Map<?, ?>> done, Duration limit, String what,
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

    static String window(Map<?, ?> before, Map<?, ?> after) {
        double seconds = (number(after, "timestamp") - number(before, "timestamp")) / 1000;
        return String.format("%,.0f kbit/s, %.1f fps, %d freezes in all, %.0f packets lost",
                8 * (number(after, "bytesReceived") - number(before, "bytesReceived")) / seconds / 1000,
                (number(after, "framesDecoded") - number(before, "framesDecoded")) / seconds,
                (long) number(after, "freezeCount"), number(after, "packetsLost") - number(before, "packetsLost"));
    }

    static String brief(Map<?, ?> stats) {
        return stats == null ? "no video" : String.format("%d×%d at %.0f fps, %d freezes",
                width(stats), (long) number(stats, "frameHeight"), number(stats, "framesPerSecond"),
                (long) number(stats, "freezeCount"));
    }

    static long width(Map<?, ?> stats) {
        return (long) number(stats, "frameWidth");
    }

    static double number(Map<?, ?> stats, String key) {
        Object value = stats == null ? null : stats.get(key);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
