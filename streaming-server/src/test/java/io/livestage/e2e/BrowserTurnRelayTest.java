package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.livestage.signaling.ice.IceServers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A viewer whose network allows only TURN ({@code iceTransportPolicy: "relay"}) watches a show
 * through a real coturn, with the credentials of its own the server's {@code welcome} carries
 * ({@code turn.secret}, coturn's {@code use-auth-secret}); coturn refuses forged and expired ones.
 */
class BrowserTurnRelayTest {
    private static final String SECRET = "turn-test-secret-" + System.nanoTime();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void aRelayOnlyViewerWatchesThroughCoturnWhichRefusesForgedAndExpiredCredentials() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            try (Coturn coturn = Coturn.start(SECRET);
                 LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_TURN_SECRET", SECRET,
                         "LIVESTAGE_TURN_URLS", "[\"" + coturn.url() + "\"]", "LIVESTAGE_TURN_TTL_SECONDS", "600"));
                 HeadlessChromium publisherBrowser = HeadlessChromium.start();
                 HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
                PublishPage publisher = PublishPage.live(publisherBrowser, server.httpPort(), PublishPage.PATH, TIMEOUT);
                viewerBrowser.open("http://127.0.0.1:" + server.httpPort() + WatchPage.PATH + "?relay&room="
                        + publisher.roomId());
                WatchPage viewer = new WatchPage(viewerBrowser);
                viewer.awaitDecodedFrame(TIMEOUT);
                Map<?, ?> pair = (Map<?, ?>) viewerBrowser.evalAsync("window.selectedPair()");
                assertEquals("relay", pair.get("local"), "media through coturn: " + pair);

                String user = "mallory";
                String forgedName = (Instant.now().getEpochSecond() + 600) + ":" + user;
                Map<?, ?> forged = tryTurn(viewerBrowser, coturn, forgedName, IceServers.credential("not-the-secret", forgedName));
                String expiredName = (Instant.now().getEpochSecond() - 60) + ":" + user;
                Map<?, ?> expired = tryTurn(viewerBrowser, coturn, expiredName, IceServers.credential(SECRET, expiredName));
                String validName = (Instant.now().getEpochSecond() + 600) + ":" + user;
                Map<?, ?> valid = tryTurn(viewerBrowser, coturn, validName, IceServers.credential(SECRET, validName));
                String figures = "forged " + forged + ", expired " + expired + ", valid " + valid;
                assertEquals(0L, forged.get("relay"), figures);
                assertTrue(((List<?>) forged.get("errors")).contains(401L), figures);
                assertEquals(0L, expired.get("relay"), figures);
                assertTrue(((List<?>) expired.get("errors")).contains(401L), figures);
                assertTrue((Long) valid.get("relay") > 0, "the same request with good credentials: " + figures);
            }
        });
    }

    private static Map<?, ?> tryTurn(HeadlessChromium browser, Coturn coturn, String username, String credential) {
        return (Map<?, ?>) browser.evalAsync("window.tryTurn({urls: '" + coturn.url() + "', username: '" + username
                + "', credential: '" + credential + "'})");
    }
}
