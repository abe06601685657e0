package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriverException;

/**
 * The harness itself: a Chromium in a {@link ShapedNetwork} loads the server's pages over the veth
 * and not over a loopback, and a live show it watches reaches it at the shaped rate, then at the
 * publisher's once the shape is lifted. The server forwards the one stream it has whatever the link,
 * so the figures are the link's alone.
 */
class ShapedNetworkTest {
    private static final long SHAPED_BITS_PER_SECOND = 600_000;
    /**
     * The link carries audio, retransmissions and packet headers beside the video payload getStats counts,
     * so that alone stays under the shape (a full bucket adds 9 kbit/s over a window, no more).
     */
    private static final double SHAPED_CEILING = SHAPED_BITS_PER_SECOND;
    /** Still flowing, not stalled: a saturated 600 kbit/s link delivers well over half of it as video. */
    private static final double SHAPED_FLOOR = 300_000;
    /** Noise at 640×360 is sent at all Chrome allows that size (1.7 Mbit/s) once its estimate has climbed. */
    private static final double PUBLISHED_FLOOR = 1_000_000;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int FPS = 30;
    /** "detail": starved, Chrome keeps the size and sends fewer frames, each as big; the bitrate is what we watch. */
    private static final String CAPTURE = PublishPage.PATH + "?width=" + WIDTH + "&height=" + HEIGHT + "&fps=" + FPS
            + "&contentHint=detail";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long SETTLE_MILLIS = 1000;
    /** Well above the shape; the server's REMB cap lets Chrome's estimate there within 0.5–10 s of connecting. */
    private static final double ESTIMATE_TARGET = 1_500_000;
    private static final long RAMP_LIMIT_MILLIS = 15_000;
    private static final long RAMP_POLL_MILLIS = 250;
    private static final long WINDOW_MILLIS = 3000;

    @Test
    void aViewerInTheNamespaceReceivesAtTheShapedRateAndAtThePublishersOnceItIsLifted() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (ShapedNetwork network = ShapedNetwork.create();
                 NoiseVideo camera = NoiseVideo.create(WIDTH, HEIGHT, FPS);
                 LiveStageServer server = TestServers.start(network.serverOverrides());
                 HeadlessChromium publisherBrowser = HeadlessChromium.start(camera.file())) {
                int port = server.httpPort();
                // Live first, so that its bandwidth estimate climbs while the viewer's browser starts.
                PublishPage publisher = PublishPage.live(publisherBrowser, port, CAPTURE, TIMEOUT);
                String roomId = publisher.roomId();
                try (HeadlessChromium viewerBrowser = HeadlessChromium.startIn(network, port)) {
                    assertLoadsOverTheVethOnly(network, viewerBrowser, port);
                    WatchPage viewer = new WatchPage(viewerBrowser);
                    viewer.open(network.hostAddress(), port, roomId);
                    viewer.awaitFirstFrame(TIMEOUT);
                    watchShapedThenUnshaped(network, publisher, viewer);
                }
            }
        });
    }

    /** The page comes over the veth; the namespace's loopback has no server, so this is no browser beside the test. */
    private static void assertLoadsOverTheVethOnly(ShapedNetwork network, HeadlessChromium browser, int port) {
        browser.open(network.serverUrl(port) + "/");
        assertEquals("LiveStage", browser.title(), "the web client over the veth");
        assertEquals(network.hostAddress() + ":" + port, browser.eval("location.host"));
        assertEquals(Boolean.TRUE, browser.eval("window.isSecureContext"), "the server's origin as secure");
        String overLoopback;
        try {
            browser.open("http://127.0.0.1:" + port + "/");
            overLoopback = browser.title();
        } catch (WebDriverException refused) {
            overLoopback = "(no page: " + refused.getMessage().lines().findFirst().orElse("") + ")";
        }
        assertNotEquals("LiveStage", overLoopback, "the namespaced browser reached the server over loopback");
    }

    /** A show published from beside the test, watched from the namespace: shaped, then not. */
    private static void watchShapedThenUnshaped(ShapedNetwork network, PublishPage publisher, WatchPage viewer)
            throws InterruptedException {
        // Shaping before the publisher may send more than the shape would hold nothing back.
        long rampMillis = awaitEstimate(publisher);

        network.shape(SHAPED_BITS_PER_SECOND);
        Thread.sleep(SETTLE_MILLIS);
        Measured shaped = Measured.over(network, publisher, viewer);

        network.unshape();
        Thread.sleep(SETTLE_MILLIS);
        Measured unshaped = Measured.over(network, publisher, viewer);

        String figures = String.format("shaped network %s (host %s, namespace %s); publisher's estimate"
                        + " %s after the viewer's first frame; windows of %.1f s:%n"
                        + "  shaped to %s kbit/s: %s%n  unshaped:            %s",
                network.namespace(), network.hostAddress(), network.namespaceAddress(),
                rampMillis < 0 ? "under " + kbits(ESTIMATE_TARGET) + " kbit/s for " + RAMP_LIMIT_MILLIS + " ms"
                        : "past " + kbits(ESTIMATE_TARGET) + " kbit/s " + rampMillis + " ms",
                WINDOW_MILLIS / 1000.0, kbits(SHAPED_BITS_PER_SECOND), shaped, unshaped);
        System.out.println(figures);

        // The queue itself: saturated, it passes on the rate asked, no more and not much less.
        assertTrue(shaped.linkBits() > 0.85 * SHAPED_BITS_PER_SECOND
                && shaped.linkBits() < 1.05 * SHAPED_BITS_PER_SECOND, "the link's rate\n" + figures);
        assertTrue(shaped.receivedBits() < SHAPED_CEILING, "video through the shape\n" + figures);
        assertTrue(shaped.receivedBits() > SHAPED_FLOOR, "video stalled under the shape\n" + figures);
        // Else the shape held nothing back and the assertions above proved nothing.
        assertTrue(shaped.sentBits() > PUBLISHED_FLOOR && shaped.dropped() > 0,
                "the publisher sent too little for the shape to hold back\n" + figures);
        assertTrue(unshaped.receivedBits() > PUBLISHED_FLOOR, "video once the shape is lifted\n" + figures);
    }

    /** Milliseconds until the publisher's bandwidth estimate reaches the target, or -1 when it does not in time. */
    private static long awaitEstimate(PublishPage publisher) throws InterruptedException {
        long start = System.nanoTime();
        long elapsed = 0;
        while (elapsed < RAMP_LIMIT_MILLIS) {
            Map<?, ?> quality = publisher.sendQuality();
            Object estimate = quality == null ? null : quality.get("availableOutgoingBitrate");
            if (estimate != null && ((Number) estimate).doubleValue() >= ESTIMATE_TARGET) {
                return elapsed;
            }
            Thread.sleep(RAMP_POLL_MILLIS);
            elapsed = (System.nanoTime() - start) / 1_000_000;
        }
        return -1;
    }

    private static String kbits(double bitsPerSecond) {
        return String.format("%,.0f", bitsPerSecond / 1000);
    }

    /**
     * The publisher's and the viewer's video over one window, their rates by the reports' own timestamps
     * (ms); the shape's by the test's clock around its counters.
     */
    private record Measured(double sentBits, double receivedBits, double fps, long lost, long width, long height,
                            double linkBits, long dropped) {
        static Measured over(ShapedNetwork network, PublishPage publisher, WatchPage viewer)
                throws InterruptedException {
            long linkStart = System.nanoTime();
            ShapedNetwork.ShapeCounters linkBefore = network.shapeCounters();
            Map<?, ?> sentBefore = publisher.sendQuality();
            Map<?, ?> receivedBefore = viewer.videoStats();
            Thread.sleep(WINDOW_MILLIS);
            Map<?, ?> sentAfter = publisher.sendQuality();
            Map<?, ?> receivedAfter = viewer.videoStats();
            ShapedNetwork.ShapeCounters linkAfter = network.shapeCounters();
            double linkSeconds = (System.nanoTime() - linkStart) / 1e9;
            return new Measured(8 * rate(sentBefore, sentAfter, "bytesSent"),
                    8 * rate(receivedBefore, receivedAfter, "bytesReceived"),
                    rate(receivedBefore, receivedAfter, "framesDecoded"),
                    Math.round(number(receivedAfter, "packetsLost") - number(receivedBefore, "packetsLost")),
                    Math.round(number(receivedAfter, "frameWidth")), Math.round(number(receivedAfter, "frameHeight")),
                    8 * (linkAfter.sentBytes() - linkBefore.sentBytes()) / linkSeconds,
                    linkAfter.droppedPackets() - linkBefore.droppedPackets());
        }

        private static double rate(Map<?, ?> before, Map<?, ?> after, String counter) {
            double seconds = (number(after, "timestamp") - number(before, "timestamp")) / 1000;
            return (number(after, counter) - number(before, counter)) / seconds;
        }

        private static double number(Map<?, ?> stats, String key) {
            Object value = stats.get(key);
            return value == null ? 0 : ((Number) value).doubleValue();
        }

        @Override
        public String toString() {
            String link = linkBits == 0 ? "no shape" : String.format("the shape passes %s kbit/s, drops %d packets",
                    kbits(linkBits), dropped);
            return String.format("publisher sends %s kbit/s; %s; viewer receives %s kbit/s of video, decodes %.1f fps"
                            + " at %d×%d, %d packets lost", kbits(sentBits), link, kbits(receivedBits), fps, width,
                    height, lost);
        }
    }
}
