package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The test page {@code /e2e/publish.html} as the test sees it: its progress, room, connection and stats. */
final class PublishPage {
    static final String PATH = "/e2e/publish.html";
    private static final long POLL_MILLIS = 25;

    private final HeadlessChromium browser;
    private String roomId;

    PublishPage(HeadlessChromium browser) {
        this.browser = browser;
    }

    /**
     * Opens the page ({@code pathAndQuery} from {@link #PATH} on) on the server beside the test and
     * waits until it is live: show started, answer applied, connected. The room is {@link #roomId()}.
     */
    static PublishPage live(HeadlessChromium browser, int httpPort, String pathAndQuery, Duration timeout)
            throws InterruptedException {
        PublishPage page = new PublishPage(browser);
        browser.open("http://127.0.0.1:" + httpPort + pathAndQuery);
        page.awaitRoom(timeout);
        page.awaitConnected(timeout);
        return page;
    }

    /** The show's room, once {@link #awaitRoom} has seen it. */
    String roomId() {
        return roomId;
    }

    /** Waits until the page has started its show and returns the room, failing with the page's reason. */
    String awaitRoom(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<?, ?> state = state();
            failIfFailed(state);
            if (state.get("roomId") instanceof String room) {
                roomId = room;
                return room;
            }
            pause(deadline, "no room after " + timeout.toMillis() + " ms");
        }
    }

    /** Lets a page opened with {@code ?hold} go on from its started show to publishing. */
    void goLive() {
        browser.eval("window.goLive()");
    }

    /** Waits for the server's answer to be applied and the peer connection to be connected. */
    void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<?, ?> state = state();
            failIfFailed(state);
            if ("publishing".equals(state.get("phase")) && "connected".equals(state.get("connectionState"))) {
                return;
            }
            pause(deadline, "not connected after " + timeout.toMillis() + " ms");
        }
    }

    /** The page's {@code window.state}: phase, roomId, connectionState, error, timeOrigin, marks, log. */
    Map<?, ?> state() {
        return (Map<?, ?>) browser.eval("window.state");
    }

    PageMarks marks() {
        return new PageMarks(state());
    }

    /** Wall-clock milliseconds at which the browser started loading the page. */
    long timeOriginMillis() {
        return Math.round(((Number) state().get("timeOrigin")).doubleValue());
    }

    /** The browser's outbound-rtp statistics, one map per sent stream (see publish.html). */
    List<Map<?, ?>> outboundStats() {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> stats = (List<Map<?, ?>>) browser.evalAsync("window.outboundStats()");
        return stats;
    }

    /**
     * The video sender's figures and the bandwidth estimate (see publish.html's {@code sendQuality}),
     * or null before any video was sent.
     */
    Map<?, ?> sendQuality() {
        return (Map<?, ?>) browser.evalAsync("window.sendQuality()");
    }

    /**
     * Packets the browser has sent per kind ("audio", "video"), retransmissions excluded. Chrome
     * folds its RTX stream, probing padding included, into the video figure.
     */
    Map<String, Long> packetsSent() {
        Map<String, Long> sent = new HashMap<>();
        for (Map<?, ?> stat : outboundStats()) {
            long packets = ((Number) stat.get("packetsSent")).longValue()
                    - ((Number) stat.get("retransmittedPacketsSent")).longValue();
            sent.merge((String) stat.get("kind"), packets, Long::sum);
        }
        return sent;
    }

    private void pause(long deadline, String timeoutMessage) throws InterruptedException {
        if (System.nanoTime() >= deadline) {
            fail("publish page: " + timeoutMessage + "; page state: " + state());
        }
        Thread.sleep(POLL_MILLIS);
    }

    private static void failIfFailed(Map<?, ?> state) {
        if (state.get("error") != null) {
            fail("publish page failed: " + state.get("error") + "; page log: " + state.get("log"));
        }
    }
}
