package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * axe-core (vendored, see src/test/resources/a11y/NOTICE) checks every screen of the real web client
 * on a phone viewport, as people reach them, every dialog and sheet open in turn: sign-in (in both
 * languages), the show list, the creator live with their viewers sheet and a chat line's actions
 * open, the viewer's stage, the report dialog, the gift picker and its large-gift confirmation, and
 * a paid call with its incoming-call dialog. None may have a serious or critical violation (missing
 * labels, contrast below WCAG AA, wrong roles). Each dialog and sheet also keeps the keyboard inside
 * while open, closes on Escape and gives focus back ({@link Modals}); gifts and call state are
 * announced to screen readers through the page's aria-live region, at most one sentence a second.
 */
class WebClientAccessibilityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RATE = 10;
    /** Records every sentence the aria-live region says, from now on. */
    private static final String LISTEN = "const region = document.querySelector('#announcer'); window.heard = [];"
            + " new MutationObserver(() => window.heard.push({at: performance.now(), text: region.textContent}))"
            + ".observe(region, {childList: true, characterData: true, subtree: true}); return true";

    @Test
    @Timeout(240)
    void everyScreenAndDialogPassesAxeAndKeepsTheKeyboard() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium hostBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            ClientPage host = new ClientPage(hostBrowser, url).open();
            Axe.assertNoSeriousViolations(host, "sign-in");
            host.fillSignIn("हेमा", Set.of("creator", "viewer"), true, null);
            host.eval("import('/js/i18n.js').then(m => m.setLanguage('hi'))");
            host.await("the sign-in in Hindi", () -> "hi".equals(host.eval("document.documentElement.lang"))
                    && host.text("#signin-submit").equals("साइन इन करें"), TIMEOUT);
            Axe.assertNoSeriousViolations(host, "sign-in in Hindi");
            host.screenshot("sign-in-hindi");
            host.eval("import('/js/i18n.js').then(m => m.setLanguage('en'))");
            host.awaitText("#signin-submit", "Sign in", TIMEOUT);
            host.signIn("Hema", Set.of("creator", "viewer", "consultant"), true, RATE);
            Axe.assertNoSeriousViolations(host, "home, nobody live");

            host.click("#open-studio");
            host.awaitScreen("creator");
            Axe.assertNoSeriousViolations(host, "creator studio before going live");
            host.assertInViewAndApart("#show-title", "#go-live", "#switch-camera", "#mute-mic", "#camera-off");
            host.type("#show-title", "Evening raga");
            host.click("#go-live");
            host.awaitVisible("#live-badge", TIMEOUT);
            host.awaitVisible("#end-show", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "creator live");
            host.assertInViewAndApart("#live-badge", "#viewer-count", "#creator-actions .like-total", "#open-members",
                    "#creator-actions .share", "#switch-camera", "#mute-mic", "#camera-off",
                    "#creator-chat .chat-form input", "#creator-chat .chat-form button", "#end-show");

            ClientPage viewer = new ClientPage(viewerBrowser, url).open();
            String viewerId = viewer.signIn("Ravi", Set.of("viewer"), true, null);
            TestServers.credit(server.httpPort(), viewerId, 1_000);
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
            viewer.assertInViewAndApart("#viewer-title", "#viewer-viewers", "#data-saver", "#like", "#share-show",
                    "#report-show", "#open-gifts", "#viewer-chat .chat-form input", "#viewer-chat .chat-form button");
            // The README's phone stage: video full screen, chat fading over its lower part.
            viewer.screenshot("viewer-chat");

            host.awaitText("#creator-chat .chat-log", "Namaste!", TIMEOUT);
            host.click("#open-members");
            host.awaitVisible("#members-list li[data-user-id='" + viewerId + "']", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "creator's viewers sheet");
            Modals.assertTrapsFocusAndClosesOnEscape(host, "#members-sheet", "#open-members");
            String lineActions = "#creator-chat .chat-log li:last-child .line-actions";
            host.click(lineActions);
            host.awaitVisible("#message-actions [data-action=ban]", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "a chat line's actions (host)");
            Modals.assertTrapsFocusAndClosesOnEscape(host, "#message-actions", lineActions);

            viewer.click("#report-show");
            viewer.awaitVisible("#report-dialog", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "report the show");
            Modals.assertTrapsFocusAndClosesOnEscape(viewer, "#report-dialog", "#report-show");
            viewer.click("#report-show");
            viewer.click("#report-dialog [data-reason=spam]");
            viewer.awaitText("#toast", "report was sent", TIMEOUT);

            viewer.script(LISTEN);
            viewer.click("#open-gifts");
            viewer.awaitVisible("#gift-picker .gift-option", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "gift picker");
            // 999 coins, above the 500 that need a yes: the confirmation opens over the picker.
            String castle = "#gift-picker .gift-option[data-gift-id='castle']";
            viewer.click(castle);
            viewer.awaitVisible("#confirm-dialog", TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "large gift confirmation");
            Modals.assertTrapsFocusAndClosesOnEscape(viewer, "#confirm-dialog", castle);
            viewer.click("#gift-picker .gift-option[data-gift-id='rose']");
            viewer.await("the rose announced", () -> heard(viewer).contains("Ravi sent Rose"), TIMEOUT);
            Modals.assertTrapsFocusAndClosesOnEscape(viewer, "#gift-picker", "#open-gifts");
            announcementsAreOneASecondAndBurstsTrimmed(viewer);

            host.click("#end-show");
            host.awaitScreen("home");
            host.click("#availability");
            host.awaitText("#availability-rate", String.valueOf(RATE), TIMEOUT);
            viewer.awaitScreen("home");
            // A keyboard user left on the switch (the switch is disabled while its request runs, which drops focus).
            host.script("document.querySelector('#availability').focus()");
            String consultantEntry = "#consultants-list li[data-user-id='" + host.userId() + "']";
            viewer.click("#refresh-consultants");
            viewer.awaitVisible(consultantEntry + " button.call", TIMEOUT);
            viewer.click(consultantEntry + " button.call");
            host.awaitVisible("#incoming-call", TIMEOUT);
            Axe.assertNoSeriousViolations(host, "incoming call");
            // Escape on a ringing call declines it; focus goes back to the switch the consultant last used.
            Modals.assertTrapsFocusAndClosesOnEscape(host, "#incoming-call", "#availability");
            viewer.awaitVisible("#call-ended", TIMEOUT);
            viewer.await("the caller told of the decline", () -> "declined".equals(
                    viewer.eval("document.querySelector('#call-message').dataset.reason")), TIMEOUT);

            viewer.click("#call-done");
            viewer.awaitScreen("home");
            viewer.script(LISTEN);
            viewer.click("#refresh-consultants");
            viewer.click(consultantEntry + " button.call");
            host.awaitVisible("#incoming-call", TIMEOUT);
            host.click("#accept-call");
            viewer.awaitScreen("call");
            viewer.awaitVisible("#call-meter", TIMEOUT);
            viewer.awaitWatching(TIMEOUT);
            viewer.await("the call's start announced", () -> heard(viewer).contains("The call with Hema has started."), TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "call in progress (caller)");
            Axe.assertNoSeriousViolations(host, "call in progress (consultant)");
            viewer.click("#hang-up");
            viewer.awaitVisible("#call-ended", TIMEOUT);
            viewer.await("the call's end announced", () -> heard(viewer).contains("The call has ended."), TIMEOUT);
            Axe.assertNoSeriousViolations(viewer, "call ended");
        }
    }

    /** What the aria-live region said since LISTEN, one sentence a line. */
    private static String heard(ClientPage page) {
        return String.valueOf(page.script("return window.heard.map(h => h.text).join('\\n')"));
    }

    /**
     * Six sentences at once (a burst of gifts): the region says the first at once, then one a second,
     * and drops the oldest of those waiting, so a listener hears the latest rather than a backlog.
     */
    private static void announcementsAreOneASecondAndBurstsTrimmed(ClientPage page) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> said = (List<Map<String, Object>>) page.evalAsync("import('/js/dom.js').then(dom => {"
                + " const region = document.querySelector('#announcer'); const said = [];"
                + " new MutationObserver(() => said.push({at: performance.now(), text: region.textContent}))"
                + ".observe(region, {childList: true, characterData: true, subtree: true});"
                + " for (let i = 1; i <= 6; i++) dom.announce('burst ' + i);"
                + " return new Promise(resolve => setTimeout(() => resolve(said), 6500)); })");
        List<String> texts = said.stream().map(entry -> String.valueOf(entry.get("text"))).toList();
        assertTrue(texts.size() < 6, "a burst is trimmed: " + texts);
        assertEquals("burst 6", texts.get(texts.size() - 1), "the latest is said: " + texts);
        for (int i = 1; i < said.size(); i++) {
            double gap = ((Number) said.get(i).get("at")).doubleValue() - ((Number) said.get(i - 1).get("at")).doubleValue();
            assertTrue(gap >= 950, "announcements " + texts.get(i - 1) + " and " + texts.get(i) + " " + gap + " ms apart");
        }
    }
}
