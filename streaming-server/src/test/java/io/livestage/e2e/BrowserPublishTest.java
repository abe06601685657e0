package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.livestage.sfu.TrackStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real browser publishes through {@code /ws} and the in-process server decrypts its audio and
 * video: Debian's headless Chromium with a fake camera and microphone, the server on loopback.
 */
class BrowserPublishTest {
    /** Generous for a loaded 2-core machine; a quiet one connects in about a second. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final long RUN_MILLIS = 3000;
    private static final long SERVER_POLL_MILLIS = 5;
    /** Chrome answers getStats() from a cached report for 50 ms; waiting longer gets a fresh one. */
    private static final long STATS_CACHE_MILLIS = 60;
    private static final Set<String> VIDEO_CODECS = Set.of("VP8", "H264");
    /**
     * How far the server's count may trail the browser's earlier report: packets still on their way,
     * plus what Chrome counts in video packetsSent but the server does not count as track packets
     * (its bandwidth-probing padding on the RTX stream, a handful at the start). Seen here: 3 to 9.
     */
    private static final long IN_FLIGHT_PACKETS = 30;

    @Test
    @Timeout(60)
    void chromiumPublishesAudioAndVideoThatTheServerDecrypts() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium browser = HeadlessChromium.start()) {
            PublishPage page = new PublishPage(browser);
            browser.open("http://127.0.0.1:" + server.httpPort() + PublishPage.PATH);
            String roomId = page.awaitRoom(CONNECT_TIMEOUT);
            long firstVideoMillis = awaitFirstVideoPacket(server, roomId, page);
            page.awaitConnected(CONNECT_TIMEOUT);
            long pageLoadToFirstVideo = firstVideoMillis - page.timeOriginMillis();

            List<TrackStats> first = server.sfu().tracks(roomId);
            Thread.sleep(RUN_MILLIS);
            // The server's figures are read between two fresh browser reports, so they lie between them.
            Map<String, Long> sentBefore = page.packetsSent();
            Thread.sleep(STATS_CACHE_MILLIS);
            List<TrackStats> second = server.sfu().tracks(roomId);
            Thread.sleep(STATS_CACHE_MILLIS);
            Map<String, Long> sentAfter = page.packetsSent();

            TrackStats audio = track(second, "audio");
            TrackStats video = track(second, "video");
            System.out.printf("browser publish: page load to first decrypted video packet %d ms; page marks %s%n"
                            + "  audio %s: server %d packets (browser sent %d..%d)%n"
                            + "  video %s: server %d packets, %d keyframes (browser sent %d..%d)%n",
                    pageLoadToFirstVideo, page.state().get("marks"),
                    audio.codec(), audio.packets(), sentBefore.get("audio"), sentAfter.get("audio"),
                    video.codec(), video.packets(), video.keyframes(), sentBefore.get("video"), sentAfter.get("video"));

            assertEquals("opus", audio.codec().toLowerCase(Locale.ROOT));
            assertTrue(VIDEO_CODECS.contains(video.codec().toUpperCase(Locale.ROOT)), "video codec " + video.codec());
            for (TrackStats track : List.of(audio, video)) {
                assertEquals(0, track.decryptFailures(), "decrypt failures on " + track);
                assertTrue(track.packets() > track(first, track.kind()).packets(), "packets stopped on " + track);
                assertCloseToBrowser(track, sentBefore.get(track.kind()), sentAfter.get(track.kind()));
            }
            assertTrue(video.keyframes() >= 1, "no keyframe seen on " + video);
        }
    }

    /** Polls the server (not the browser, which is slower to ask) so the time is exact to a few ms. */
    private static long awaitFirstVideoPacket(LiveStageServer server, String roomId, PublishPage page)
            throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (TrackStats track : server.sfu().tracks(roomId)) {
                if (track.kind().equals("video") && track.packets() > 0) {
                    return System.currentTimeMillis();
                }
            }
            Thread.sleep(SERVER_POLL_MILLIS);
        }
        return fail("no decrypted video packet within " + CONNECT_TIMEOUT.toMillis() + " ms; server tracks "
                + server.sfu().tracks(roomId) + "; page state " + page.state());
    }

    private static TrackStats track(List<TrackStats> tracks, String kind) {
        List<TrackStats> ofKind = tracks.stream().filter(track -> track.kind().equals(kind)).toList();
        assertEquals(1, ofKind.size(), "one " + kind + " track expected: " + tracks);
        return ofKind.get(0);
    }

    /** The server read its count between two reads of the browser's, so it lies between them. */
    private static void assertCloseToBrowser(TrackStats track, long browserBefore, long browserAfter) {
        long received = track.packets() + track.lost();
        assertTrue(received >= browserBefore - IN_FLIGHT_PACKETS && track.packets() <= browserAfter,
                "server counted " + track + " while the browser had sent " + browserBefore + ".." + browserAfter);
    }
}
