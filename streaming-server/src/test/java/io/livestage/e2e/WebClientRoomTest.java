package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The live room in two headless Chromiums on a phone viewport: a viewer opens the show from its
 * share link, likes reach the host, a 9,990-coin gift asks first, the page speaks Hindi, and the
 * host removes the viewer, who then cannot come back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WebClientRoomTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private LiveStageServer server;
    private HeadlessChromium hostBrowser;
    private HeadlessChromium viewerBrowser;
    private ClientPage host;
    private ClientPage viewer;
    private String url;
    private String roomId;
    private String viewerId;

    @BeforeAll
    void hostGoesLiveAndAViewerOpensTheShareLink() throws Exception {
        server = TestServers.start(Map.of());
        url = "http://127.0.0.1:" + server.httpPort();
        hostBrowser = HeadlessChromium.start();
        viewerBrowser = HeadlessChromium.start();
        host = new ClientPage(hostBrowser, url).open();
        host.signIn("Hema", Set.of("creator", "viewer"), true, null);
        host.click("#open-studio");
        host.awaitScreen("creator");
        host.type("#show-title", "Evening raga");
        host.click("#go-live");
        host.awaitVisible("#live-badge", TIMEOUT);
        roomId = (String) host.eval("window.livestage.session.creator.roomId");

        viewer = new ClientPage(viewerBrowser, url).open();
        viewerBrowser.open(url + "/#show=" + roomId);
        viewer.awaitScreen("signin");
        viewer.fillSignIn("Ravi", Set.of("viewer"), true, null);
        viewer.click("#signin-submit");
        // Straight into the show: the link's show, not the home screen.
        viewer.awaitScreen("viewer");
        viewerId = viewer.userId();
    }

    @AfterAll
    void closeAll() {
        for (AutoCloseable closeable : new AutoCloseable[] {viewerBrowser, hostBrowser, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + closeable + " failed: " + e);
            }
        }
    }

    @Test
    @Order(1)
    void theShareLinkOpensTheShowAfterSignIn() throws Exception {
        assertEquals(roomId, viewer.eval("window.livestage.session.viewer.roomId"));
        viewer.awaitText("#viewer-title", "Evening raga", TIMEOUT);
        host.awaitText("#viewer-count", "1", TIMEOUT);
    }

    @Test
    @Order(2)
    void likesReachTheHost() throws Exception {
        for (int i = 0; i < 5; i++) {
            viewer.click("#like");
        }
        host.awaitText("#creator-actions .like-count", "5", TIMEOUT);
        viewer.awaitText("#like .like-count", "5", TIMEOUT);
    }

    @Test
    @Order(3)
    void aGiftOf9990CoinsAsksForConfirmation() throws Exception {
        TestServers.credit(server.httpPort(), viewerId, 10_000);
        viewer.click("#open-gifts");
        viewer.click("#gift-picker .gift-count button[data-count='10']");
        viewer.click("#gift-picker .gift-option[data-gift-id='castle']");
        viewer.awaitVisible("#confirm-dialog", TIMEOUT);
        assertTrue(viewer.text("#confirm-text").contains("9,990"), viewer.text("#confirm-text"));
        viewer.screenshot("gift-confirm");
        viewer.click("#confirm-no");
        assertTrue(!viewer.visible("#confirm-dialog"));
        viewer.eval("document.querySelector('#gift-picker .sheet-close').click()");
    }

    @Test
    @Order(4)
    void theHindiCatalogRendersTheShowScreen() throws Exception {
        for (ClientPage page : new ClientPage[] {viewer, host}) {
            page.eval("import('/js/i18n.js').then(m => m.setLanguage('hi'))");
            page.await("Hindi labels", () -> "hi".equals(page.eval("document.documentElement.lang"))
                    && page.text(page == viewer ? "#viewer-chat .chat-form button" : "#end-show").matches("भेजें|शो खत्म करें"),
                    TIMEOUT);
        }
        // The like button's accessible name: the (visually hidden) word, then the count people see.
        assertEquals("पसंद करें 5", viewer.driver().findElement(org.openqa.selenium.By.id("like")).getAccessibleName());
        viewer.type("#viewer-chat .chat-form input", "नमस्ते दीदी!");
        viewer.click("#viewer-chat .chat-form button");
        host.awaitText("#creator-chat .chat-log", "नमस्ते दीदी!", TIMEOUT);
        Axe.assertNoSeriousViolations(viewer, "the show screen in Hindi");
        viewer.screenshot("viewer-hindi");
        host.screenshot("creator-live-hindi");

        viewer.click("#open-gifts");
        viewer.awaitVisible("#gift-picker .gift-option[data-gift-id='castle']", TIMEOUT);
        viewer.awaitText("#gift-picker .gift-option[data-gift-id='castle'] .gift-price", "999 सिक्के", TIMEOUT);
        viewer.screenshot("gift-picker-hindi");
        viewer.click("#gift-picker .gift-count button[data-count='10']");
        viewer.click("#gift-picker .gift-option[data-gift-id='castle']");
        viewer.awaitVisible("#confirm-dialog", TIMEOUT);
        assertTrue(viewer.text("#confirm-text").contains("9,990"), viewer.text("#confirm-text"));
        Axe.assertNoSeriousViolations(viewer, "the large gift's confirmation in Hindi");
        viewer.screenshot("gift-confirm-hindi");
        viewer.click("#confirm-no");
        viewer.eval("document.querySelector('#gift-picker .sheet-close').click()");

        host.click("#open-members");
        host.awaitVisible("#members-list li[data-user-id='" + viewerId + "'] button[data-action='mute']", TIMEOUT);
        Axe.assertNoSeriousViolations(host, "the host's viewers sheet in Hindi");
        host.screenshot("host-viewers-hindi");
        host.eval("document.querySelector('#members-sheet .sheet-close').click()");
        for (ClientPage page : new ClientPage[] {viewer, host}) {
            page.eval("import('/js/i18n.js').then(m => m.setLanguage('en'))");
            page.await("English again", () -> "en".equals(page.eval("document.documentElement.lang")), TIMEOUT);
        }
    }

    @Test
    @Order(5)
    void aBlockedUsersChatDisappearsForTheBlockerOnly() throws Exception {
        host.type("#creator-chat .chat-form input", "Namaste, everyone");
        host.click("#creator-chat .chat-form button");
        viewer.awaitText("#viewer-chat .chat-log", "Namaste, everyone", TIMEOUT);
        viewer.click("#viewer-chat .chat-log li:last-child .line-actions");
        viewer.awaitVisible("#message-actions", TIMEOUT);
        viewer.click("#message-actions [data-action=block]");
        viewer.await("the blocked user's lines gone", () -> !viewer.text("#viewer-chat .chat-log").contains("Namaste"),
                TIMEOUT);
        host.type("#creator-chat .chat-form input", "Are you all there?");
        host.click("#creator-chat .chat-form button");
        host.awaitText("#creator-chat .chat-log", "Are you all there?", TIMEOUT);
        // The server sends the blocked user's chat to the blocker no more; the host still has the whole log.
        Thread.sleep(1000);
        assertTrue(!viewer.text("#viewer-chat .chat-log").contains("Are you all there?"), viewer.text("#viewer-chat .chat-log"));
        assertTrue(host.text("#creator-chat .chat-log").contains("Namaste, everyone"));
        viewer.eval("window.livestage.session.signaling.request('user.block', {userId: '" + host.userId()
                + "', blocked: false}).then(() => localStorage.removeItem('livestage.blocked'))");
    }

    @Test
    @Order(6)
    void aMutedViewersChatIsRefusedWithAReason() throws Exception {
        host.click("#open-members");
        host.awaitVisible("#members-list li[data-user-id='" + viewerId + "'] button[data-action='mute']", TIMEOUT);
        host.click("#members-list li[data-user-id='" + viewerId + "'] button[data-action='mute']");
        viewer.awaitText("#toast", "muted you", TIMEOUT);
        viewer.type("#viewer-chat .chat-form input", "can anyone hear me");
        // The "muted" notice may still cover the button, as a person would wait for; submit the form.
        viewer.eval("document.querySelector('#viewer-chat .chat-form').requestSubmit()");
        // The refusal's reason (error forbidden, reason muted) as a line in the viewer's own chat.
        viewer.awaitText("#viewer-chat .chat-log li.notice.error", "The host has muted you in this show.", TIMEOUT);
        assertTrue(!host.text("#creator-chat .chat-log").contains("can anyone hear me"), "a muted viewer's chat is not delivered");
        // The "muted" notice toast may lie over the sheet's lower rows for a few seconds: tap through it.
        host.eval("document.querySelector(\"#members-list li[data-user-id='" + viewerId
                + "'] button[data-action='unmute']\").click()");
        host.await("the viewer unmuted", () -> host.visible("#members-list li[data-user-id='" + viewerId
                + "'] button[data-action='mute']"), TIMEOUT);
        host.eval("document.querySelector('#members-sheet .sheet-close').click()");
    }

    @Test
    @Order(7)
    void theHostRemovesTheViewerWhoCannotRejoin() throws Exception {
        host.click("#open-members");
        host.awaitVisible("#members-list li[data-user-id='" + viewerId + "']", TIMEOUT);
        // One viewer: the members' total counts the host too, the title does not.
        host.awaitText("#members-title", "Viewers (1)", TIMEOUT);
        // The picture without the last step's "can chat again" notice over the row's buttons.
        host.await("the notice gone", () -> !host.visible("#toast"), TIMEOUT);
        host.screenshot("host-viewers");
        host.click("#members-list li[data-user-id='" + viewerId + "'] button[data-action='remove']");
        viewer.awaitScreen("home");
        viewer.awaitText("#toast", "removed you", TIMEOUT);
        viewer.click("#shows-list li button.join");
        viewer.awaitText("#toast", "removed you", TIMEOUT);
        viewer.awaitScreen("home");
        host.awaitText("#viewer-count", "0", TIMEOUT);
    }
}
