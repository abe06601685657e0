package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.livestage.testsupport.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A viewer's network drops and comes back: the viewer's browser reaches the server only through a
 * TCP relay the test cuts. Without a reload, the page reconnects its WebSocket, signs in again,
 * joins the show, subscribes afresh and decodes video again.
 */
class WebClientReconnectTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(120)
    void aViewerWhoseConnectionIsCutComesBackByItself() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             TcpProxy network = TcpProxy.start(server.httpPort());
             HeadlessChromium creatorBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            ClientPage creator = new ClientPage(creatorBrowser, "http://127.0.0.1:" + server.httpPort()).open();
            creator.signIn("Carla", Set.of("creator"), true, null);
            creator.click("#open-studio");
            creator.type("#show-title", "Still here?");
            creator.click("#go-live");
            creator.awaitVisible("#live-badge", TIMEOUT);

            ClientPage viewer = new ClientPage(viewerBrowser, "http://127.0.0.1:" + network.port()).open();
            viewer.signIn("Vera", Set.of("viewer"), true, null);
            viewer.click("#shows-list li button.join");
            viewer.awaitWatching(TIMEOUT);
            // Survives only if the page is never reloaded.
            viewer.eval("window.sameDocument = 'yes'");

            network.cut();
            viewer.awaitVisible("#connection-banner", TIMEOUT);
            viewer.awaitText("#connection-banner", "Reconnecting", TIMEOUT);
            viewer.await("the viewer's note about the lost connection", () -> viewer.visible("#viewer-note"), TIMEOUT);
            viewer.screenshot("reconnecting");

            network.restore();
            viewer.await("the show joined again", () -> ((Number) viewer.eval(
                    "window.livestage.session.viewer.rejoins")).intValue() == 1, TIMEOUT);
            viewer.awaitWatching(TIMEOUT);
            assertEquals("yes", viewer.eval("window.sameDocument"), "the page was reloaded");
            assertTrue(!viewer.visible("#connection-banner"), "the banner is gone once back");
            assertEquals("viewer", viewer.eval("document.body.dataset.screen"));
            creator.awaitText("#viewer-count", "1", TIMEOUT);
        }
    }

    /**
     * A draining server asks the idle page to reconnect: the page closes its WebSocket, connects
     * again when the hint says (through the same address, which a load balancer would point at a
     * node that is not draining) and is signed in again, without a reload or a banner.
     */
    @Test
    @Timeout(60)
    void anIdlePageFollowsADrainingServersReconnectHint() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium browser = HeadlessChromium.start()) {
            ClientPage page = new ClientPage(browser, "http://127.0.0.1:" + server.httpPort()).open();
            page.signIn("Ida", Set.of("viewer"), true, null);
            page.eval("window.sameDocument = 'yes'");
            String before = (String) page.eval("window.livestage.session.signaling.welcome.sessionId");

            server.drain();
            // Signed in again on a new session: the page reconnected as asked. (This one node, still draining, hints
            // the new connection too, so the page goes on bouncing; a load balancer would have sent it elsewhere.)
            page.await("the page reconnected as asked", () -> ((Number) page.eval(
                    "window.livestage.session.signaling.hintedReconnects")).intValue() >= 1
                    && !before.equals(page.eval("window.livestage.session.signaling.welcome.sessionId")), TIMEOUT);
            assertEquals("yes", page.eval("window.sameDocument"), "the page was reloaded");
            assertEquals("home", page.eval("document.body.dataset.screen"));
        }
    }

    /**
     * What the pages do when ICE fails while the WebSocket stays up, triggered directly: the viewer
     * restarts ICE with media.restart, the creator with pc.restartIce() and media.publish. Both keep
     * their PeerConnection (no new DTLS handshake), get new server ICE credentials, and media flows on.
     */
    @Test
    @Timeout(120)
    void iceRestartsKeepThePeerConnectionsAndTheMedia() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium creatorBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            ClientPage creator = new ClientPage(creatorBrowser, url).open();
            creator.signIn("Carla", Set.of("creator"), true, null);
            creator.click("#open-studio");
            creator.type("#show-title", "Restarting");
            creator.click("#go-live");
            creator.awaitVisible("#live-badge", TIMEOUT);
            ClientPage viewer = new ClientPage(viewerBrowser, url).open();
            viewer.signIn("Vera", Set.of("viewer"), true, null);
            viewer.click("#shows-list li button.join");
            viewer.awaitWatching(TIMEOUT);

            String creatorPeer = "window.livestage.session.creator.publisher";
            String viewerPeer = "window.livestage.session.viewer.subscriber";
            for (ClientPage page : List.of(creator, viewer)) {
                String peer = page == creator ? creatorPeer : viewerPeer;
                String ufragBefore = serverUfrag(page, peer);
                page.eval("window.peerBefore = " + peer + ".pc");
                page.evalAsync(peer + ".repair()");
                assertEquals(1L, page.eval(peer + ".repairs"));
                assertEquals(Boolean.TRUE, page.eval("window.peerBefore === " + peer + ".pc"),
                        "the same PeerConnection carries on");
                assertNotEquals(ufragBefore, serverUfrag(page, peer), "the server's ICE credentials changed");
                page.await("a connected PeerConnection", () -> "connected".equals(page.eval(peer + ".pc.connectionState")),
                        TIMEOUT);
            }
            viewer.awaitWatching(TIMEOUT);
        }
    }

    private static String serverUfrag(ClientPage page, String peer) {
        return (String) page.eval(peer + ".pc.remoteDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1]");
    }
}
