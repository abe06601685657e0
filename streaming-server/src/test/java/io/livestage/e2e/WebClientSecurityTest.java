package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real web client in Chromium under the Content-Security-Policy the server sends: it signs in
 * (its module scripts, stylesheet, fetch and WebSocket all allowed), and what it styles from
 * script (a gift's animation) still applies; and a {@code #token=} link asks before it replaces
 * the sign-in of the tab it is opened in.
 */
class WebClientSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** A gift event as the server sends it, played by the client's own gift overlay. */
    private static final String PLAY_A_GIFT = "import('/js/gifts.js').then(gifts => {"
            + " const layer = document.createElement('div'); document.body.append(layer);"
            + " new gifts.GiftOverlay(layer, {request: () => Promise.resolve({gifts: []})}).play({roomId: 'r', txId: 't',"
            + " from: {userId: 'u', name: 'U'}, to: {userId: 'h'}, giftId: 'rose', count: 1, combo: 1, ts: 0,"
            + " animation: {url: '/gifts/rose.svg', durationMs: 1500, tier: 'small'}});"
            + " return getComputedStyle(layer.querySelector('.gift-anim')).getPropertyValue('--duration').trim(); })";

    @Test
    @Timeout(120)
    void theClientWorksUnderItsPolicyAndATokenLinkAsksBeforeReplacingASignIn() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium browser = HeadlessChromium.start()) {
            String base = "http://127.0.0.1:" + server.httpPort();
            ClientPage page = new ClientPage(browser, base).open();
            String alice = page.signIn("Alice", Set.of("viewer"), true, null);
            page.eval("(window.violations = [], document.addEventListener('securitypolicyviolation',"
                    + " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI)), true)");
            assertEquals("absolute", page.eval("getComputedStyle(document.querySelector('.icon-sprites')).position"),
                    "the icon sprite is out of the layout without an inline style");
            assertEquals("1500ms", page.evalAsync(PLAY_A_GIFT), "a gift's animation timing reaches its element");
            assertEquals(List.of(), page.eval("window.violations"));

            String bobToken = devToken(server.httpPort(), "bob-by-link");
            openLink(browser, base + "/#token=" + bobToken);
            // The page's own dialog (in the page's language), not the browser's untranslatable confirm().
            page.awaitVisible("#confirm-dialog", TIMEOUT);
            assertTrue(page.text("#confirm-text").contains("another account"), page.text("#confirm-text"));
            page.click("#confirm-no");
            page.awaitScreen("home");
            assertEquals(alice, page.userId(), "declined: still signed in as before");
            assertFalse(browser.driver().getCurrentUrl().contains("token"), "the token left the address either way");

            openLink(browser, base + "/#token=" + bobToken);
            page.awaitVisible("#confirm-dialog", TIMEOUT);
            page.click("#confirm-yes");
            page.awaitScreen("home");
            page.await("the link's account", () -> "bob-by-link".equals(page.userId()), TIMEOUT);

            // Signed out, a link signs in without asking: there is nothing to replace.
            page.click("#sign-out");
            page.awaitScreen("signin");
            openLink(browser, base + "/#token=" + devToken(server.httpPort(), "carol-by-link"));
            page.awaitScreen("home");
            assertEquals("carol-by-link", page.userId());
        }
    }

    /** Opens the address as a new page in the same tab (same-page fragment changes do not reload). */
    private static void openLink(HeadlessChromium browser, String url) {
        browser.open("about:blank");
        browser.driver().navigate().to(url);
    }

    private static String devToken(int port, String user) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/token"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"" + user + "\",\"roles\":[\"viewer\"],\"adult\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("token").asText();
    }
}
