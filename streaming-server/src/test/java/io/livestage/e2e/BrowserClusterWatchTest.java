package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import java.time.Duration;
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

    private LiveStageServer node(String id) {
        return TestServers.start(TestServers.clusterNode(REDIS, prefix, id));
    }
}
