package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Debian Chromium with a fake camera and microphone, driven through Debian's
 * chromedriver so that Selenium never looks for (or downloads) a browser or driver. Each instance
 * gets a fresh profile directory, deleted on {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/lib/chromium/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 25;
    /** Chromium's fake camera's own default; a page asking for a higher frame rate gets no more. */
    private static final int DEFAULT_CAMERA_FPS = 20;

    /** The flags measured to work for WebRTC on these machines (shared/BROWSER-TESTING.md). */
    private static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns");

    /**
     * Without the devtools artifact (left out on purpose: it pins Chromium's major version) Selenium
     * warns at every start that it found no CDP implementation; we only use WebDriver commands.
     * Held here so the logger, and its level, are not garbage collected.
     */
    private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts the browser, or fails the test (never skips it) when Chromium is not installed. */
    public static HeadlessChromium start() throws IOException {
        return start(DEFAULT_CAMERA_FPS);
    }

    /** Starts the browser with a fake camera delivering this many frames a second. */
    public static HeadlessChromium start(int cameraFps) throws IOException {
        for (Path required : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(required)) {
                fail(required + " is missing: browser tests need Debian's Chromium and its driver;"
                        + " install them with `apt-get install -y chromium chromium-driver`");
            }
        }
        Path profile = Files.createTempDirectory("livestage-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--use-fake-device-for-media-stream=fps=" + cameraFps);
        options.addArguments("--user-data-dir=" + profile);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT).pageLoadTimeout(PAGE_LOAD_TIMEOUT);
            return new HeadlessChromium(profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /** Loads the page and returns once its load event fired. */
    public void open(String url) {
        driver.get(url);
    }

    public String title() {
        return driver.getTitle();
    }

    /** Polls {@code document.title} until it matches; returns the last title seen either way. */
    public String awaitTitle(Predicate<String> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String title = title();
        while (!done.test(title) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            title = title();
        }
        return title;
    }

    /** Evaluates a JavaScript expression in the page and returns its value as Selenium maps it. */
    public Object eval(String expression) {
        return driver.executeScript("return (" + expression + ");");
    }

    /**
     * Evaluates an expression that may yield a promise and returns what it resolves to; a rejection
     * becomes an {@link IllegalStateException} carrying the page's error text.
     */
    public Object evalAsync(String expression) {
        Object outcome = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "Promise.resolve().then(() => (" + expression + "))"
                        + ".then(value => done({value: value === undefined ? null : value}),"
                        + " error => done({error: String(error && error.stack || error)}));");
        Map<?, ?> result = (Map<?, ?>) outcome;
        if (result.containsKey("error")) {
            throw new IllegalStateException("page script failed: " + result.get("error"));
        }
        return result.get("value");
    }

    /** The WebDriver itself, for tests that click and type in a page like a person does. */
    ChromeDriver driver() {
        return driver;
    }

    /** Writes what the page shows now (the viewport) as a PNG. */
    public void screenshot(Path png) throws IOException {
        Files.createDirectories(png.getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Runs after driver.quit(), which waits for Chromium to exit, so nothing writes here any more. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the Chromium profile " + root, e);
        }
    }
}
