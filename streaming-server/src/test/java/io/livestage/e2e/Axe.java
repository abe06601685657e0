package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The axe-core accessibility checker (vendored in src/test/resources/a11y, see the NOTICE there)
 * run inside a page. Its source goes in through WebDriver rather than a script tag: the page's
 * Content-Security-Policy admits only our own scripts, and WebDriver's scripts are not subject to it.
 */
final class Axe {
    /** WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, headings, nested controls). */
    private static final String TAGS = "['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']";
    private static final String SOURCE = load();

    private Axe() {
    }

    /**
     * Checks what the page shows now and fails with every serious or critical violation: the rule,
     * its help text, and the elements (CSS selectors plus axe's summary of what is wrong with each).
     */
    static void assertNoSeriousViolations(ClientPage page, String screen) {
        if ("undefined".equals(page.eval("typeof window.axe"))) {
            // The source as the script itself, not through eval(): the page's CSP forbids eval even for WebDriver.
            page.script(SOURCE);
        }
        String report = (String) page.evalAsync("window.axe.run(document, {runOnly: {type: 'tag', values: " + TAGS + "},"
                + " resultTypes: ['violations']}).then(result => result.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.help + ' -- ' + v.nodes.map(n => n.target.join(' ')"
                + " + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')').join('; ')).join('\\n'))");
        assertEquals("", report, "serious or critical accessibility violations on " + screen);
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/a11y/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("src/test/resources/a11y/axe.min.js is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
