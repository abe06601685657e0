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
 * A real browser publishes and a second one watches through the in-process server: two headless
 * Chromiums (the practical limit on two cores), the publisher's fake camera and microphone decoded
 * by the viewer. Prints join-to-first-frame times from the pages' own clocks.
 */
class BrowserWatchTest {
    /** Generous for a loaded 2-core machine; a quiet one gets there in about a second. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Long enough for some 60 decoded frames and 2 s of audio, so "growing" is never a fluke. */
    private static final long SAMPLE_GAP_MILLIS = 2000;
    /** What publish.html asks of the fake camera. */
    private static final long CAPTURE_WIDTH = 640;
    private static final long CAPTURE_HEIGHT = 480;
    private static final Set<String> VIDEO_CODECS = Set.of("video/VP8", "video/H264");

    @Test
    @Timeout(90)
    void viewerJoiningALiveShowDecodesItsVideoAndAudio() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = PublishPage.live(publisherBrowser, server.httpPort(), PublishPage.PATH, TIMEOUT);
            String roomId = publisher.roomId();

            WatchPage viewer = new WatchPage(viewerBrowser);
            viewer.open(server.httpPort(), roomId);
            Map<?, ?> firstFrame = viewer.awaitFirstFrame(TIMEOUT);
            PageMarks marks = viewer.marks();
            System.out.printf("browser watch, live show: page load to first frame %d ms, media.subscribe to first"
                            + " frame %d ms; viewer marks %s%n",
                    marks.sinceLoad("first-frame").orElseThrow(), marks.between("subscribe", "first-frame"), marks);
            assertDecodes(viewer, firstFrame);
        }
    }

    @Test
    @Timeout(90)
    void viewerSubscribedBeforeThePublisherIsLiveGetsItsTracksOnAFreshOffer() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = new PublishPage(publisherBrowser);
            publisherBrowser.open(url(server, PublishPage.PATH + "?hold"));
            String roomId = publisher.awaitRoom(TIMEOUT);

            WatchPage viewer = new WatchPage(viewerBrowser);
            viewer.open(server.httpPort(), roomId);
            viewer.awaitAnswered(1, TIMEOUT);
            assertEquals(List.of(), viewer.inboundStats(), "the placeholder offer carries no media");

            publisher.goLive();
            publisher.awaitConnected(TIMEOUT);
            Map<?, ?> firstFrame = viewer.awaitFirstFrame(TIMEOUT);
            viewer.awaitAnswered(2, TIMEOUT);
            PageMarks marks = viewer.marks();
            long publisherConnected = publisher.marks().wallClock("connection-connected");
            System.out.printf("browser watch, subscribed before live: publisher connected to viewer's first frame %d ms,"
                            + " re-offer to first frame %d ms; viewer marks %s%n",
                    marks.wallClock("first-frame") - publisherConnected, marks.between("offer-2", "first-frame"), marks);
            assertDecodes(viewer, firstFrame);
        }
    }

    /** The viewer shows the publisher's capture size and keeps decoding both video and audio. */
    static void assertDecodes(WatchPage viewer, Map<?, ?> firstFrame) throws InterruptedException {
        // The page shows its first frame a moment before getStats() counts it (longer on a loaded machine).
        List<Map<?, ?>> before = viewer.inboundStats();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!decodingStarted(before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            before = viewer.inboundStats();
        }
        Thread.sleep(SAMPLE_GAP_MILLIS);
        List<Map<?, ?>> after = viewer.inboundStats();
        Map<?, ?> video = stream(after, "video");
        Map<?, ?> audio = stream(after, "audio");
        System.out.printf("  over %d ms: video %s %d..%d frames decoded, %d lost, jitter %s s, %d PLIs and %d NACKs"
                        + " sent; audio %s %d..%d samples, %d lost, jitter %s s%n", SAMPLE_GAP_MILLIS,
                video.get("mimeType"), number(stream(before, "video"), "framesDecoded"), number(video, "framesDecoded"),
                number(video, "packetsLost"), video.get("jitter"), number(video, "pliCount"), number(video, "nackCount"),
                audio.get("mimeType"), number(stream(before, "audio"), "totalSamplesReceived"),
                number(audio, "totalSamplesReceived"), number(audio, "packetsLost"), audio.get("jitter"));

        assertTrue(VIDEO_CODECS.contains((String) video.get("mimeType")), "video codec " + video);
        assertEquals("audio/opus", audio.get("mimeType"));
        assertGrows(stream(before, "video"), video, "framesDecoded");
        assertGrows(stream(before, "audio"), audio, "totalSamplesReceived");
        assertEquals(List.of(CAPTURE_WIDTH, CAPTURE_HEIGHT), List.of(number(firstFrame, "width"),
                number(firstFrame, "height")), "first frame shown " + firstFrame);
        assertEquals(List.of(CAPTURE_WIDTH, CAPTURE_HEIGHT), List.of(number(video, "frameWidth"),
                number(video, "frameHeight")), "decoded frame size " + video);
    }

    private static boolean decodingStarted(List<Map<?, ?>> stats) {
        return stats.stream().anyMatch(stat -> "video".equals(stat.get("kind")) && number(stat, "framesDecoded") > 0)
                && stats.stream().anyMatch(stat -> "audio".equals(stat.get("kind")) && number(stat, "totalSamplesReceived") > 0);
    }

    private static void assertGrows(Map<?, ?> before, Map<?, ?> after, String figure) {
        assertTrue(number(before, figure) > 0 && number(after, figure) > number(before, figure),
                figure + " not growing: " + before + " then " + after);
    }

    private static Map<?, ?> stream(List<Map<?, ?>> stats, String kind) {
        List<Map<?, ?>> ofKind = stats.stream().filter(stat -> kind.equals(stat.get("kind"))).toList();
        assertEquals(1, ofKind.size(), "one received " + kind + " stream expected: " + stats);
        return ofKind.get(0);
    }

    private static long number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static String url(LiveStageServer server, String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }
}
