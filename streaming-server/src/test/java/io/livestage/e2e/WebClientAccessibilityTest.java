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
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * axe-core (vendored, see src/test/resources/a11y/NOTICE) checks every screen of the real web client
 * on a phone viewport, as people reach them: sign-in, the show list, the creator live with their
 * viewers sheet open, the viewer's stage and gift picker, and a paid call with its incoming-call
 * dialog. None may have a serious or critical violation (missing labels, contrast below WCAG AA,
 * wrong roles). The gift picker also keeps the keyboard inside while open, closes on Escape and
 * gives focus back to the button that opened it.
 */
class WebClientAccessibilityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RATE = 10;

    @Test
    @Timeout(180)
    void everyScreenPassesAxeWithoutSeriousViolations() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium hostBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            ClientPage host = new ClientPage(hostBrowser, url).open();
            Axe.assertNoSeriousViolations(host, "sign-in");
            host.signIn("Hema", Set.of("creator", "viewer", "consultant"), true, RATE);
            Axe.assertNoSeriousViolations(host, "home, nobody live");

            host.click("#open-studio");
            host.awaitScreen("creator");
            Axe.assertNoSeriousViolations(host, "creator studio before going live");
            host.type("#show-title", "Evening raga");
            host.click("#go-live");
            host.awaitVisible("#live-badge", TIMEOUT);
            host.awaitVisible("#end-show", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "creator live");

            ClientPage viewer = new ClientPage(viewerBrowser, url).open();
            String viewerId = viewer.signIn("Ravi", Set.of("viewer"), true, null);
            DevCredit.credit(server.httpPort(), viewerId, 1_000);
            viewer.click("#refresh-shows");
            viewer.awaitVisible("#shows-list li button.join", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "home with a live show");
            viewer.click("#shows-list li button.join");
            viewer.awaitScreen("viewer");
            viewer.awaitText("#viewer-title", "Evening raga", TIMEOUT);
            viewer.awaitWatching(TIMEOUT);
            viewer.type("#viewer-chat .chat-form input", "Namaste!");
            viewer.click("#viewer-chat .chat-form button");
            viewer.awaitText("#viewer-chat .chat-log", "Namaste!", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "viewer stage with chat");
            // The README's phone stage: video full screen, chat fading over its lower part.
            viewer.screenshot("viewer-chat");

            host.awaitText("#creator-chat .chat-log", "Namaste!", TIMEOUT);
            host.click("#open-members");
            host.awaitVisible("#members-list li[data-user-id='" + viewerId + "']", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "creator's viewers sheet");
            host.click("#members-sheet .sheet-close");

            giftPickerTrapsFocusAndClosesOnEscape(viewer);

            host.click("#end-show");
            host.awaitScreen("home");
            host.click("#availability");
            host.awaitText("#availability-rate", String.valueOf(RATE), TIMEOUT);
            viewer.awaitScreen("home");
            String consultantEntry = "#consultants-list li[data-user-id='" + host.userId() + "']";
            viewer.click("#refresh-consultants");
            viewer.awaitVisible(consultantEntry + " button.call", TIMEOUT);
            viewer.click(consultantEntry + " button.call");
            host.awaitVisible("#incoming-call", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "incoming call");
            host.click("#accept-call");
            viewer.awaitScreen("call");
            viewer.awaitVisible("#call-meter", TIMEOUT);
            viewer.awaitWatching(TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "call in progress (caller)");
            Axe.assertNoSeriousViolations(host, "call in progress (consultant)");
            viewer.click("#hang-up");
            viewer.awaitVisible("#call-ended", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "call ended");
        }
    }

    /** Opening moves focus into the sheet, Tab and Shift+Tab wrap inside it, Escape closes it and focus returns. */
    private static void giftPickerTrapsFocusAndClosesOnEscape(ClientPage viewer) throws InterruptedException {
        viewer.click("#open-gifts");
        viewer.awaitVisible("#gift-picker .gift-option", TIMEOUT);
        Axe.assertNoSeriousViolations(viewer, "gift picker");
        viewer.await("focus inside the gift picker",
                () -> Boolean.TRUE.equals(viewer.eval("document.querySelector('#gift-picker').contains(document.activeElement)")),
                TIMEOUT);
        assertEquals("true", viewer.eval("document.querySelector('#gift-picker').getAttribute('aria-modal')"));
        int stops = ((Number) viewer.eval("document.querySelectorAll('#gift-picker button:not([hidden]), #gift-picker a[href]:not([hidden])').length"))
                .intValue();
        Actions keys = new Actions(viewer.driver());
        for (int i = 0; i < stops + 2; i++) {
            keys.sendKeys(Keys.TAB).perform();
            assertTrue(Boolean.TRUE.equals(viewer.eval("document.querySelector('#gift-picker').contains(document.activeElement)")),
                    "Tab " + (i + 1) + " left the gift picker for " + viewer.eval("document.activeElement.outerHTML"));
        }
        for (int i = 0; i < stops + 2; i++) {
            keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            assertTrue(Boolean.TRUE.equals(viewer.eval("document.querySelector('#gift-picker').contains(document.activeElement)")),
                    "Shift+Tab " + (i + 1) + " left the gift picker for " + viewer.eval("document.activeElement.outerHTML"));
        }
        keys.sendKeys(Keys.ESCAPE).perform();
        viewer.await("the gift picker closed by Escape", () -> !viewer.visible("#gift-picker"), TIMEOUT);
        assertEquals("open-gifts", viewer.eval("document.activeElement.id"), "focus goes back to the gift button");
    }
}
