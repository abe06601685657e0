package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A watching Chromium restarts ICE the way the web client recovers from a network change
 * ({@code pc.restartIce()}, then {@code media.restart}) and keeps decoding the publisher's video,
 * while the server moves the subscription's transport to the new credentials without a new DTLS
 * handshake.
 */
class BrowserIceRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** About a second of the fake camera's frames: decoding goes on, not a last frame or two. */
    private static final long FRAMES_AFTER_RESTART = 30;
    private static final String COMPLETED = "livestage_sfu_ice_restarts_completed_total{role=\"subscriber\"";
    private static final String HANDSHAKES = "livestage_sfu_dtls_handshake_seconds_count";


    @Test
    @Timeout(90)
    void aViewerRestartingIceKeepsDecodingFrames() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of());
             HeadlessChromium publisherBrowser = HeadlessChromium.start();
             HeadlessChromium viewerBrowser = HeadlessChromium.start()) {
            PublishPage publisher = PublishPage.live(publisherBrowser, server.httpPort(), PublishPage.PATH, TIMEOUT);
            String roomId = publisher.roomId();
            WatchPage viewer = new WatchPage(viewerBrowser);
            viewer.open(server.httpPort(), roomId);
            viewer.awaitFirstFrame(TIMEOUT);
            double handshakes = TestServers.metric(server, HANDSHAKES);
            assertEquals(2.0, handshakes, "the publisher's and the viewer's");

            viewer.restartIce();
            viewer.awaitRestarted(1, TIMEOUT);
            awaitMetric(server, COMPLETED, 1.0);
            long framesAtRestart = framesDecoded(viewer);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (framesDecoded(viewer) < framesAtRestart + FRAMES_AFTER_RESTART && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            Map<?, ?> state = viewer.state();
            long framesAfter = framesDecoded(viewer);
            System.out.printf("browser ICE restart: %d frames decoded at the restart's completion, %d after; marks %s%n",
                    framesAtRestart, framesAfter, viewer.marks());
            assertTrue(framesAfter >= framesAtRestart + FRAMES_AFTER_RESTART,
                    "framesDecoded stalled after the restart: " + framesAtRestart + " then " + framesAfter
                            + "; page log " + state.get("log"));
            List<?> offerUfrags = (List<?>) state.get("offerUfrags");
            List<?> answerUfrags = (List<?>) state.get("answerUfrags");
            assertNotEquals(offerUfrags.get(0), offerUfrags.get(offerUfrags.size() - 1), "the server's new ufrag");
            assertNotEquals(answerUfrags.get(0), answerUfrags.get(answerUfrags.size() - 1), "the browser's new ufrag");
            assertEquals(1.0, TestServers.metric(server, "livestage_sfu_ice_restarts_total{role=\"subscriber\""));
            assertEquals(1.0, TestServers.metric(server, COMPLETED), "a nominated check with the new credentials arrived");
            assertEquals(handshakes, TestServers.metric(server, HANDSHAKES), "no second DTLS handshake");
            assertEquals("connected", state.get("connectionState"), "page log " + state.get("log"));
        }
    }

    private static long framesDecoded(WatchPage viewer) {
        for (Map<?, ?> stream : viewer.inboundStats()) {
            if ("video".equals(stream.get("kind"))) {
                return ((Number) stream.get("framesDecoded")).longValue();
            }
        }
        return 0;
    }

    private void awaitMetric(LiveStageServer server, String series, double value) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (TestServers.metric(server, series) < value && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
