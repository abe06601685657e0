package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
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
}
