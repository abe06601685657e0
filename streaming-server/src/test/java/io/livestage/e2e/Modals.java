package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * What every dialog and sheet of the web client owes a keyboard (web/js/modal.js), checked with
 * real key presses: focus is inside once it opens, Tab and Shift+Tab visit each of its controls and
 * never leave it, Escape closes it and focus goes back to what opened it.
 */
final class Modals {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String FOCUS_INSIDE = "return document.querySelector(arguments[0]).contains(document.activeElement)";
    /** The controls Tab should reach: enabled and laid out (hidden ones have no boxes). */
    private static final String STOPS = "return [...document.querySelector(arguments[0]).querySelectorAll("
            + "'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]')]"
            + ".filter(e => e.getClientRects().length > 0).length";
    private static final String REMEMBER_FOCUS = "(window.tabbedTo ??= new Set()).add(document.activeElement); return window.tabbedTo.size";

    private Modals() {
    }

    /** The dialog (a CSS selector) is open now; opener is a selector for what should have focus once it closes. */
    static void assertTrapsFocusAndClosesOnEscape(ClientPage page, String dialog, String opener) throws InterruptedException {
        page.await("focus inside " + dialog, () -> Boolean.TRUE.equals(page.script(FOCUS_INSIDE, dialog)), TIMEOUT);
        assertEquals("true", page.script("return document.querySelector(arguments[0]).getAttribute('aria-modal')", dialog));
        int stops = ((Number) page.script(STOPS, dialog)).intValue();
        assertTrue(stops > 0, dialog + " has controls");
        Actions keys = new Actions(page.driver());
        for (String direction : new String[] {"Tab", "Shift+Tab"}) {
            page.script("window.tabbedTo = new Set()");
            int reached = 0;
            // Two rounds and a bit: every control once, then round again past the ends, where a leak would be.
            for (int i = 0; i < 2 * stops + 1; i++) {
                if (direction.equals("Tab")) {
                    keys.sendKeys(Keys.TAB).perform();
                } else {
                    keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
                }
                assertTrue(Boolean.TRUE.equals(page.script(FOCUS_INSIDE, dialog)), direction + " " + (i + 1) + " left "
                        + dialog + " for " + page.eval("document.activeElement.outerHTML.slice(0, 200)"));
                reached = ((Number) page.script(REMEMBER_FOCUS)).intValue();
            }
            assertEquals(stops, reached, direction + " reaches every control of " + dialog);
        }
        keys.sendKeys(Keys.ESCAPE).perform();
        page.await(dialog + " closed by Escape", () -> !page.visible(dialog), TIMEOUT);
        assertEquals(Boolean.TRUE, page.script("return document.activeElement.matches(arguments[0])", opener),
                "focus goes back to " + opener + ", not " + page.eval("document.activeElement.outerHTML.slice(0, 200)"));
    }
}
