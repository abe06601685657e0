package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * One headless Debian Chromium with a fake camera and microphone, driven through Debian's
 * chromedriver so that Selenium never looks for (or downloads) a browser or driver. Each instance
 * gets a fresh profile directory, deleted on {@link #close()}. {@link #startIn(ShapedNetwork, int)} starts one
 * inside a bandwidth-shaped network namespace instead of beside the test.
 */
public final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/lib/chromium/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 25;
    private static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(10);
    /** Chromium's fake camera's own default; a page asking for a higher frame rate gets no more. */
    private static final int DEFAULT_CAMERA_FPS = 20;

    /** The flags measured to work for WebRTC on these machines (shared/BROWSER-TESTING.md). */
    private static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
            // Phones draw no scrollbar beside the page; screenshots should not either.
            "--hide-scrollbars",
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
    /** Ends the driver once the browser has quit: a local ChromeDriverService, or a chromedriver in a namespace. */
    private final Runnable stopDriver;
    private final RemoteWebDriver driver;

    private HeadlessChromium(Path profile, Runnable stopDriver, RemoteWebDriver driver) {
        this.profile = profile;
        this.stopDriver = stopDriver;
        this.driver = driver;
    }

    /** Starts the browser, or fails the test (never skips it) when Chromium is not installed. */
    public static HeadlessChromium start() throws IOException {
        return start(DEFAULT_CAMERA_FPS);
    }

    /** Starts the browser with a fake camera delivering this many frames a second. */
    public static HeadlessChromium start(int cameraFps) throws IOException {
        return start(options -> options.addArguments("--use-fake-device-for-media-stream=fps=" + cameraFps));
    }

    /**
     * Starts the browser with a camera that plays this Y4M file in a loop (its size and rate are the
     * camera's), such as a {@link NoiseVideo}; the microphone stays Chromium's fake one.
     */
    public static HeadlessChromium start(Path cameraVideo) throws IOException {
        return start(options -> options.addArguments("--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + cameraVideo));
    }

    private static HeadlessChromium start(Consumer<ChromeOptions> camera) throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("livestage-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeOptions options = options(profile);
            camera.accept(options);
            return started(profile, service::stop, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * Starts the browser inside a shaped network: everything it loads and receives crosses the shaped veth.
     * It treats the server at {@code http://<hostAddress>:<serverHttpPort>} as a secure origin, as it would
     * an HTTPS one in production: plain HTTP to an address other than loopback is not a secure context,
     * and pages there lack what only those get ({@code crypto.randomUUID}, {@code getUserMedia}).
     *
     * <p>chromedriver runs in the namespace too, since it reaches Chromium's DevTools over loopback and
     * the namespace's loopback is not ours; we drive it over the veth, on a port the network never
     * shapes, and only our end of the veth may connect to it.
     */
    public static HeadlessChromium startIn(ShapedNetwork network, int serverHttpPort)
            throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory("livestage-chromium-");
        Path log = Files.createTempFile("livestage-chromedriver-", ".log");
        int port = network.controlPort();
        Process process = network.startInside(List.of(DRIVER.toString(), "--port=" + port,
                "--allowed-ips=" + network.hostAddress()), log);
        Runnable stop = () -> {
            ShapedNetwork.stop(process);
            deleteFile(log);
        };
        try {
            URI address = URI.create("http://" + network.namespaceAddress() + ":" + port);
            awaitReady(address, process, log);
            ChromeOptions options = options(profile);
            options.addArguments("--use-fake-device-for-media-stream=fps=" + DEFAULT_CAMERA_FPS);
            // Patterns cannot name an IP address (Chromium wants a wildcard above the registrable domain): the full origin.
            options.addArguments("--unsafely-treat-insecure-origin-as-secure=" + network.serverUrl(serverHttpPort));
            return started(profile, stop, new RemoteWebDriver(address.toURL(), options));
        } catch (RuntimeException | IOException | InterruptedException e) {
            stop.run();
            deleteTree(profile);
            throw e;
        }
    }

    private static void requireInstalled() {
        for (Path required : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(required)) {
                fail(required + " is missing: browser tests need Debian's Chromium and its driver;"
                        + " install them with `apt-get install -y chromium chromium-driver`");
            }
        }
    }

    /** Everything but the camera, which the caller adds. */
    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        return options;
    }

    private static HeadlessChromium started(Path profile, Runnable stopDriver, RemoteWebDriver driver) {
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT).pageLoadTimeout(PAGE_LOAD_TIMEOUT);
        return new HeadlessChromium(profile, stopDriver, driver);
    }

    /** Polls chromedriver's {@code /status} until it takes sessions, failing with its log if it exits or never does. */
    private static void awaitReady(URI driver, Process process, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest status = HttpRequest.newBuilder(driver.resolve("/status")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + DRIVER_START_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"ready\":true")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Connection refused until it listens.
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("chromedriver in the namespace at " + driver + " "
                + (process.isAlive() ? "not ready after " + DRIVER_START_TIMEOUT.toMillis() + " ms"
                : "exited with " + process.exitValue()) + "; its log: " + Files.readString(log).strip());
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
    RemoteWebDriver driver() {
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
            stopDriver.run();
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

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }
}
