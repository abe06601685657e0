package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The test page {@code /e2e/watch.html} as the test sees it: its progress, offers, first frame and stats. */
final class WatchPage {
    static final String PATH = "/e2e/watch.html";
    private static final long POLL_MILLIS = 25;

    private final HeadlessChromium browser;

    WatchPage(HeadlessChromium browser) {
        this.browser = browser;
    }

    void open(int httpPort, String roomId) {
        open("127.0.0.1", httpPort, roomId);
    }

    /** From the server at this address: a browser in a {@link ShapedNetwork} reaches it at its host address. */
    void open(String host, int httpPort, String roomId) {
        browser.open("http://" + host + ":" + httpPort + PATH + "?room=" + roomId);
    }

    /** Waits until the page has answered this many of the server's offers. */
    void awaitAnswered(int offers, Duration timeout) throws InterruptedException {
        awaitState(state -> ((Number) state.get("offersAnswered")).intValue() >= offers,
                offers + " offer(s) answered", timeout);
    }

    /** Restarts ICE as a client after a network change: {@code pc.restartIce()}, then {@code media.restart}. */
    void restartIce() {
        browser.eval("window.restartIce()");
    }

    /** Waits until the page has answered this many ICE restart offers. */
    void awaitRestarted(int restarts, Duration timeout) throws InterruptedException {
        awaitState(state -> ((Number) state.get("restartsAnswered")).intValue() >= restarts,
                restarts + " ICE restart(s) answered", timeout);
    }

    /** Waits for the first presented video frame and returns it: {at, width, height}. */
    Map<?, ?> awaitFirstFrame(Duration timeout) throws InterruptedException {
        return (Map<?, ?>) awaitState(state -> state.get("firstFrame") != null, "a video frame", timeout)
                .get("firstFrame");
    }

    /**
     * The page's {@code window.state}: phase, subscriptionId, offers, ICE restarts, the ufrags of each
     * offer and answer, publishers, firstFrame, marks, log.
     */
    Map<?, ?> state() {
        return (Map<?, ?>) browser.eval("window.state");
    }

    PageMarks marks() {
        return new PageMarks(state());
    }

    /** The browser's inbound-rtp statistics, one map per received stream (see watch.html). */
    List<Map<?, ?>> inboundStats() {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> stats = (List<Map<?, ?>>) browser.evalAsync("window.inboundStats()");
        return stats;
    }

    /** The received video stream's statistics, or null before the page has one. */
    Map<?, ?> videoStats() {
        return inboundStats().stream().filter(stat -> "video".equals(stat.get("kind"))).findFirst().orElse(null);
    }

    /** The {@code media.layer} events received: {layer, mode, at}. */
    List<Map<?, ?>> layerEvents() {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> layers = (List<Map<?, ?>>) state().get("layers");
        return layers;
    }

    /** Pins a simulcast layer ("low", "medium", "high") or returns to the server's choice ("auto"). */
    void pinLayer(String layer) {
        browser.evalAsync("window.pinLayer('" + layer + "').then(() => true)");
    }

    /** Waits until the page has seen a decoded frame in getStats (framesDecoded > 0). */
    void awaitDecodedFrame(Duration timeout) throws InterruptedException {
        awaitState(state -> ((Map<?, ?>) state.get("marks")).containsKey("decoded-frame"),
                "decoded frame in getStats", timeout);
    }

    private Map<?, ?> awaitState(Predicate<Map<?, ?>> done, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<?, ?> state = state();
            if (state.get("error") != null) {
                fail("watch page failed: " + state.get("error") + "; page log: " + state.get("log"));
            }
            if (done.test(state)) {
                return state;
            }
            if (System.nanoTime() >= deadline) {
                fail("watch page: no " + what + " after " + timeout.toMillis() + " ms; page state: " + state);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
