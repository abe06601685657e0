package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The real web client ({@code /}, {@code src/main/resources/web}) in one browser, driven the way a
 * person uses it: typing, ticking and tapping; read back from what the page shows, plus the
 * statistics of its PeerConnections ({@code window.livestage}).
 */
final class ClientPage {
    /** A common phone's viewport, so screenshots look like the phone they were built for. */
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final long POLL_MILLIS = 50;
    private static final List<String> ROLES = List.of("viewer", "creator", "consultant");

    private final HeadlessChromium browser;
    private final String baseUrl;

    ClientPage(HeadlessChromium browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    /** Opens the client on its sign-in screen. */
    ClientPage open() throws InterruptedException {
        browser.driver().manage().window().setSize(PHONE);
        browser.open(baseUrl + "/");
        // The window's size counts the browser's own bars, headless too: grow it until the page itself has the phone's size.
        int width = ((Number) eval("window.innerWidth")).intValue();
        int height = ((Number) eval("window.innerHeight")).intValue();
        if (width != PHONE.width || height != PHONE.height) {
            browser.driver().manage().window().setSize(new Dimension(2 * PHONE.width - width, 2 * PHONE.height - height));
        }
        awaitScreen("signin");
        return this;
    }

    /** Fills in the dev sign-in form (leaving it unsent). */
    void fillSignIn(String name, Set<String> roles, boolean adult, Integer rate) {
        WebElement nameInput = element("#signin-name");
        nameInput.clear();
        nameInput.sendKeys(name);
        for (String role : ROLES) {
            tick("#signin-role-" + role, roles.contains(role));
        }
        tick("#signin-adult", adult);
        if (rate != null) {
            WebElement rateInput = element("#signin-rate");
            rateInput.clear();
            rateInput.sendKeys(String.valueOf(rate));
        }
    }

    /** Signs in through POST /dev/token and waits for the home screen; returns the user id. */
    String signIn(String name, Set<String> roles, boolean adult, Integer rate) throws InterruptedException {
        fillSignIn(name, roles, adult, rate);
        click("#signin-submit");
        awaitScreen("home");
        return userId();
    }

    String userId() {
        return element("#me").getDomAttribute("data-user-id");
    }

    /** Clicks the element once it is shown and enabled; one the page just re-rendered is looked up again. */
    void click(String css) throws InterruptedException {
        await("a clicked " + css, () -> {
            try {
                WebElement element = find(css);
                if (element == null || !element.isDisplayed() || !element.isEnabled()) {
                    return false;
                }
                element.click();
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        }, Duration.ofSeconds(15));
    }

    void type(String css, String text) {
        WebElement input = element(css);
        input.clear();
        input.sendKeys(text);
    }

    /** The element's text, "" when it is not there. */
    String text(String css) {
        WebElement element = find(css);
        try {
            return element == null ? "" : element.getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    boolean visible(String css) {
        WebElement element = find(css);
        try {
            return element != null && element.isDisplayed();
        } catch (StaleElementReferenceException e) {
            return false;
        }
    }

    void awaitScreen(String screen) throws InterruptedException {
        await("screen " + screen, () -> screen.equals(eval("document.body.dataset.screen")), Duration.ofSeconds(20));
    }

    void awaitVisible(String css, Duration timeout) throws InterruptedException {
        await(css + " shown", () -> visible(css), timeout);
    }

    void awaitText(String css, String contained, Duration timeout) throws InterruptedException {
        await(css + " showing \"" + contained + "\"", () -> text(css).contains(contained), timeout);
    }

    /** Polls until the condition holds, or fails with what the page shows. */
    void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                fail("no " + what + " after " + timeout.toMillis() + " ms; the page's state: "
                        + eval("window.livestage.describe()") + "; it shows: " + text("body").replace('\n', '|'));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    Object eval(String expression) {
        return browser.eval(expression);
    }

    /** The browser's WebDriver, for keyboard input through {@link org.openqa.selenium.interactions.Actions}. */
    org.openqa.selenium.remote.RemoteWebDriver driver() {
        return browser.driver();
    }

    /** Runs a script (a function body, arguments as {@code arguments[i]}) in the page. */
    Object script(String body, Object... arguments) {
        return browser.driver().executeScript(body, arguments);
    }

    /** Evaluates an expression that may yield a promise; waits for it. */
    Object evalAsync(String expression) {
        return browser.evalAsync(expression);
    }

    /**
     * Fails unless the page fits the viewport (nothing to scroll to) and each element lies wholly
     * inside it with no two of them overlapping: controls a thumb can reach, none on top of another.
     */
    void assertInViewAndApart(String... selectors) {
        Object problems = script("const problems = [];"
                + " if (document.scrollingElement.scrollHeight > innerHeight + 1) problems.push('the page scrolls: '"
                + "   + document.scrollingElement.scrollHeight + ' px for ' + innerHeight);"
                + " const boxes = arguments[0].map(s => [s, document.querySelector(s)?.getBoundingClientRect()]);"
                + " for (const [s, r] of boxes) {"
                + "   if (!r || r.width === 0) problems.push(s + ' is not shown');"
                + "   else if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)"
                + "     problems.push(s + ' is outside the ' + innerWidth + 'x' + innerHeight + ' viewport: ' + JSON.stringify(r));"
                + " }"
                + " for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {"
                + "   const [s, a] = boxes[i], [u, b] = boxes[j];"
                + "   if (a && b && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)"
                + "     problems.push(s + ' overlaps ' + u);"
                + " }"
                + " return problems.join('; ');", List.of(selectors));
        if (!"".equals(problems)) {
            fail(String.valueOf(problems));
        }
    }

    /** inbound-rtp statistics of the screen's PeerConnections, one map per received stream. */
    List<Map<?, ?>> inbound() {
        return rtp("inbound-rtp");
    }

    List<Map<?, ?>> outbound() {
        return rtp("outbound-rtp");
    }

    /** Sum of one figure over the received streams of one kind. */
    long received(String kind, String figure) {
        return inbound().stream().filter(stat -> kind.equals(stat.get("kind")))
                .mapToLong(stat -> ((Number) stat.get(figure)).longValue()).sum();
    }

    /** Waits until video frames are decoded and audio samples received, and both keep growing. */
    void awaitWatching(Duration timeout) throws InterruptedException {
        await("decoded video and audio", () -> received("video", "framesDecoded") > 0
                && received("audio", "totalSamplesReceived") > 0, timeout);
        long frames = received("video", "framesDecoded");
        long samples = received("audio", "totalSamplesReceived");
        await("more video frames than " + frames + " and audio samples than " + samples,
                () -> received("video", "framesDecoded") > frames
                        && received("audio", "totalSamplesReceived") > samples, timeout);
    }

    /**
     * Saves the viewport as NAME.png in target/screenshots, or, with
     * {@code -Dlivestage.screenshots.update=true}, in docs/screenshots where the README shows them
     * (so a test run leaves the checkout clean unless asked to refresh them).
     */
    void screenshot(String name) throws IOException {
        browser.screenshot(screenshotDirectory().resolve(name + ".png"));
    }

    private List<Map<?, ?>> rtp(String type) {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> stats = (List<Map<?, ?>>) browser.evalAsync("window.livestage.rtpStats('" + type + "')");
        return stats;
    }

    private void tick(String css, boolean wanted) {
        WebElement box = element(css);
        if (box.isSelected() != wanted) {
            box.click();
        }
    }

    private WebElement element(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    private WebElement find(String css) {
        try {
            return browser.driver().findElement(By.cssSelector(css));
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    /** target/screenshots, or the repository's docs/screenshots (found from the module directory) when updating. */
    private static Path screenshotDirectory() {
        if (!Boolean.getBoolean("livestage.screenshots.update")) {
            return Path.of("target", "screenshots");
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("docs"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no docs/ directory above " + Path.of("").toAbsolutePath());
        }
        return directory.resolve("docs").resolve("screenshots");
    }
}
