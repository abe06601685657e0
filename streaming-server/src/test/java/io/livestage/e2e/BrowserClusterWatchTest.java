package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real browser watches, through node B of a cluster, a show a real browser publishes on node A: two
 * assembled nodes sharing the real Redis at 127.0.0.1:6379 (under a key prefix of this run's own). The
 * viewer is served by B, which receives the show once from A through a media relay (ICE, DTLS-SRTP between
 * the two nodes, B dialing A). The viewer must decode the publisher's video and audio as it would on A.
 */
class BrowserClusterWatchTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    @Timeout(120)
    void aViewerConnectedToAnotherNodeDecodesTheShow() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = PublishPage.live(publisherBrowser, a.httpPort(), PublishPage.PATH, TIMEOUT);
            String roomId = publisher.roomId();
            try (TestClient onB = TestClient.as(b, "cluster-watch-probe", "viewer")) {
                onB.awaitListed(roomId);
            }

            WatchPage viewer = new WatchPage(viewerBrowser);
            viewer.open(b.httpPort(), roomId);
            Map<?, ?> firstFrame = viewer.awaitFirstFrame(TIMEOUT);
            PageMarks marks = viewer.marks();
            System.out.printf("browser watch through another node: page load to first frame %d ms, media.subscribe"
                    + " to first frame %d ms; viewer marks %s%n", marks.sinceLoad("first-frame").orElseThrow(),
                    marks.between("subscribe", "first-frame"), marks);
            BrowserWatchTest.assertDecodes(viewer, firstFrame);
            assertEquals(1, a.sfu().subscriptionCount(), "A serves B's relay, not the viewer");
            assertEquals(1, b.sfu().subscriptionCount(), "B serves the viewer");
        }
    }

    /** The common case of a viewer waiting in the room before the creator's camera starts, through another node. */
    @Test
    @Timeout(120)
    void aViewerWaitingOnAnotherNodeGetsTheShowWhenItsPublisherGoesLive() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = new PublishPage(publisherBrowser);
            publisherBrowser.open("http://127.0.0.1:" + a.httpPort() + PublishPage.PATH + "?hold");
            String roomId = publisher.awaitRoom(TIMEOUT);
            try (TestClient onB = TestClient.as(b, "cluster-watch-probe", "viewer")) {
                onB.awaitListed(roomId);
            }
            WatchPage viewer = new WatchPage(viewerBrowser);
            viewer.open(b.httpPort(), roomId);
            viewer.awaitAnswered(1, TIMEOUT);

            publisher.goLive();
            publisher.awaitConnected(TIMEOUT);
            Map<?, ?> firstFrame = viewer.awaitFirstFrame(TIMEOUT);
            System.out.printf("browser watch through another node, subscribed before live: viewer marks %s%n",
                    viewer.marks());
            BrowserWatchTest.assertDecodes(viewer, firstFrame);
            assertEquals(1, a.sfu().subscriptionCount(), "A serves B's relay");
        }
    }

    /**
     * A simulcast show watched through another node: the one relay carries every layer, so two viewers there each
     * get their own. One, unconstrained, climbs to the camera's full width; the other pins the lowest layer (data
     * saver) and gets a quarter of it. While a relay carried one layer (the origin's choice for the link between
     * the nodes, the highest here) the pin had nothing lower to go to. When the full-size viewer leaves, the layers
     * nobody watches stop crossing and the phone is told to stop sending them.
     */
    @Test
    @Timeout(150)
    void viewersOnAnotherNodeEachGetTheirOwnLayerOfASimulcastShow() throws Exception {
        int width = 960;
        int height = 540;
        int fps = 24;
        try (NoiseVideo camera = NoiseVideo.create(width, height, fps);
             LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             HeadlessChromium publisherBrowser = HeadlessChromium.start(camera.file());
             HeadlessChromium fullBrowser = HeadlessChromium.start();
             HeadlessChromium saverBrowser = HeadlessChromium.start()) {
            PublishPage publisher = PublishPage.live(publisherBrowser, a.httpPort(), PublishPage.PATH
                    + "?simulcast&width=" + width + "&height=" + height + "&fps=" + fps + "&contentHint=detail", TIMEOUT);
            String roomId = publisher.roomId();
            try (TestClient onB = TestClient.as(b, "cluster-watch-probe", "viewer")) {
                onB.awaitListed(roomId);
            }
            WatchPage full = new WatchPage(fullBrowser);
            full.open(b.httpPort(), roomId);
            WatchPage saver = new WatchPage(saverBrowser);
            saver.open(b.httpPort(), roomId);
            full.awaitFirstFrame(TIMEOUT);
            saver.awaitFirstFrame(TIMEOUT);
            saver.pinLayer("low");
            List<String> timeline = new ArrayList<>();
            long start = System.nanoTime();
            BrowserSimulcastTest.awaitVideo(saver, stats -> BrowserSimulcastTest.width(stats) == width / 4,
                    TIMEOUT, "the data saver's quarter width", timeline);
            BrowserSimulcastTest.awaitVideo(full, stats -> BrowserSimulcastTest.width(stats) == width,
                    Duration.ofSeconds(30), "the other viewer's full width", timeline);
            long settled = System.nanoTime();
            Map<?, ?> fullBefore = full.videoStats();
            Map<?, ?> saverBefore = saver.videoStats();
            Thread.sleep(5_000);
            Map<?, ?> fullAfter = full.videoStats();
            Map<?, ?> saverAfter = saver.videoStats();
            String figures = String.format("""
                            simulcast show on A (%d×%d@%d noise, layers q/h/f), two viewers on B, one relay:
                              both settled %,d ms after the pin (%s)
                              full:  %s; over 5 s %s
                              saver: %s; over 5 s %s
                              publisher's layers: %s""", width, height, fps,
                    BrowserSimulcastTest.millis(start, settled), timeline, BrowserSimulcastTest.brief(fullAfter),
                    BrowserSimulcastTest.window(fullBefore, fullAfter), BrowserSimulcastTest.brief(saverAfter),
                    BrowserSimulcastTest.window(saverBefore, saverAfter), publisher.state().get("layers"));
            System.out.println(figures);
            assertEquals(width, BrowserSimulcastTest.width(fullAfter), figures);
            assertEquals(width / 4, BrowserSimulcastTest.width(saverAfter), figures);
            assertTrue(BrowserSimulcastTest.number(fullAfter, "framesDecoded")
                    > BrowserSimulcastTest.number(fullBefore, "framesDecoded"), figures);
            assertTrue(BrowserSimulcastTest.number(saverAfter, "framesDecoded")
                    > BrowserSimulcastTest.number(saverBefore, "framesDecoded"), figures);
            assertEquals(1, a.sfu().subscriptionCount(), "A serves B's one relay, not its viewers");
            assertEquals(2, b.sfu().subscriptionCount(), "B serves both viewers");

            // The full-size viewer leaves: nobody anywhere watches h or f, so B stops taking them through its
            // relay and A tells the phone to send only q; the data saver watches on.
            long left = System.nanoTime();
            fullBrowser.open("about:blank");
            List<String> sent = BrowserSimulcastTest.awaitPublisherLayers(publisher, List.of("q"), TIMEOUT);
            long paused = System.nanoTime();
            Map<?, ?> saverPaused = saver.videoStats();
            Thread.sleep(2_000);
            Map<?, ?> saverLater = saver.videoStats();
            System.out.printf("  the full-size viewer left: the publisher sends %s %,d ms later; the saver over 2 s"
                    + " after: %s%n", sent, BrowserSimulcastTest.millis(left, paused),
                    BrowserSimulcastTest.window(saverPaused, saverLater));
            assertEquals(List.of("q"), sent, "h and f paused at the phone once no node needs them");
            assertEquals(width / 4, BrowserSimulcastTest.width(saverLater));
            assertTrue(BrowserSimulcastTest.number(saverLater, "framesDecoded")
                    > BrowserSimulcastTest.number(saverPaused, "framesDecoded"), "the saver still decodes");
        }
    }

    private LiveStageServer node(String id) {
        return TestServers.start(TestServers.clusterNode(REDIS, prefix, id));
    }
}
