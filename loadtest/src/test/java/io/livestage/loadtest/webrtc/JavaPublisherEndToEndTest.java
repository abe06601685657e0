package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.server.LiveStageServer;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.sfu.TrackStats;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java client publishes to the real server in-process: signaling, ICE-lite, DTLS-SRTP, RTP counting. */
class JavaPublisherEndToEndTest {

    private static final int DROP_EVERY = 50;

    @Test
    @Timeout(60)
    void theServerDecryptsEveryPacketAndCountsExactlyTheDroppedOnesAsLost() throws Exception {
        try (LiveStageServer server = LoopbackServer.start();
                SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
                WebRtcPeerGroup peers = new WebRtcPeerGroup(1)) {
            String token = new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC()).issue(
                    new Identity("e2e-publisher", "E2E publisher", Set.of(Role.CREATOR), true, null), Duration.ofMinutes(5));
            JavaPublisher publisher = JavaPublisher.start(connector, URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                    token, peers, PublisherOptions.defaults().withVideoDrop(DropPolicy.everyNth(DROP_EVERY)))
                    .get(20, TimeUnit.SECONDS);
            Thread.sleep(3_000);
            publisher.stopMedia().get(5, TimeUnit.SECONDS);

            SentStreamStats audio = publisher.sent("audio");
            SentStreamStats video = publisher.sent("video");
            assertTrue(audio.packets() >= 140 && video.dropped() >= 5, "sent " + publisher.sent());
            List<TrackStats> tracks = awaitReceived(server, publisher.roomId(), audio.packets() + video.packets());
            TrackStats audioTrack = track(tracks, audio.ssrc());
            TrackStats videoTrack = track(tracks, video.ssrc());

            assertEquals("audio", audioTrack.kind());
            assertEquals("opus", audioTrack.codec().toLowerCase(Locale.ROOT));
            assertEquals(audio.packets(), audioTrack.packets());
            assertEquals(0, audioTrack.lost());
            assertEquals(0, audioTrack.decryptFailures());

            assertEquals("video", videoTrack.kind());
            assertEquals("VP8", videoTrack.codec().toUpperCase(Locale.ROOT));
            assertEquals(video.packets(), videoTrack.packets(), "every packet sent was decrypted");
            assertEquals(video.dropped(), videoTrack.lost(), "the server's loss is exactly what we dropped");
            assertEquals(0, videoTrack.decryptFailures());
            assertTrue(videoTrack.keyframes() >= 2, "a keyframe every 2 s over 3 s: " + videoTrack);
            assertEquals("e2e-publisher", videoTrack.userId());

            assertEquals(0, publisher.peer().stats().sendRefused());
            publisher.close().get(10, TimeUnit.SECONDS);
        }
    }

    private static List<TrackStats> awaitReceived(LiveStageServer server, String roomId, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<TrackStats> tracks = server.sfu().tracks(roomId);
        while (tracks.stream().mapToLong(TrackStats::packets).sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            tracks = server.sfu().tracks(roomId);
        }
        return tracks;
    }

    private static TrackStats track(List<TrackStats> tracks, long ssrc) {
        TrackStats found = tracks.stream().filter(t -> t.ssrc() == ssrc).findFirst().orElse(null);
        assertNotNull(found, "no track for SSRC " + ssrc + " in " + tracks);
        return found;
    }
}
