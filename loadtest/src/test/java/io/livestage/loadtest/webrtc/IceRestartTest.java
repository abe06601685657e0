package io.livestage.loadtest.webrtc;

import static io.livestage.loadtest.webrtc.LiveShowHarness.assertComplete;
import static io.livestage.loadtest.webrtc.LiveShowHarness.await;
import static io.livestage.loadtest.webrtc.LiveShowHarness.awaitLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingException;
import io.livestage.sfu.ice.IceCredentials;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ICE restarts of Java peers through the real server, each from a new UDP socket as after a
 * network change: media keeps flowing, complete and unchanged, over the same DTLS association.
 */
class IceRestartTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String HANDSHAKES = "livestage_sfu_dtls_handshake_seconds_count";

    @Test
    @Timeout(40)
    void aViewerRestartingFromANewSocketKeepsReceivingEveryPacket() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            long video = publisher.tracks().videoSsrc();
            await(() -> viewer.received(video).packets() > 100, TIMEOUT);
            double handshakes = show.metric(HANDSHAKES);
            InetSocketAddress before = viewer.peer().localAddress();
            IceCredentials iceBefore = viewer.peer().localIce();
            String ufragBefore = viewer.offer().transport().ice().ufrag();

            viewer.restartIce(true).get(10, TimeUnit.SECONDS);
            long atRestart = viewer.received(video).packets();
            assertNotEquals(before, viewer.peer().localAddress(), "a new socket");
            assertNotEquals(iceBefore, viewer.peer().localIce());
            assertNotEquals(ufragBefore, viewer.offer().transport().ice().ufrag(), "the server's new credentials");
            assertEquals(viewer.offer().transport().fingerprint().value(),
                    ServerOffer.parse(viewer.offer().sdp()).transport().fingerprint().value());
            await(() -> viewer.received(video).packets() > atRestart + 100, TIMEOUT);
            Thread.sleep(500);
            publisher.stopMedia().get(5, TimeUnit.SECONDS);

            for (SentStreamStats sent : publisher.sent()) {
                ReceivedTrackStats received = awaitLast(viewer, sent);
                assertComplete(received, sent);
            }
            assertTrue(viewer.received(video).packets() > atRestart + 100, viewer.received(video).toString());
            assertEquals(1, viewer.peer().iceRestarts());
            assertEquals(PeerState.CONNECTED, viewer.peer().state());
            assertEquals(0, viewer.peer().stats().decryptFailed());
            assertEquals(handshakes, show.metric(HANDSHAKES), "no second DTLS handshake");
            assertEquals(1.0, show.metric("livestage_sfu_ice_restarts_total"));
            assertEquals(1.0, show.metric("livestage_sfu_ice_restarts_completed_total"));
            assertNull(viewer.renegotiationFailure());
        }
    }

    @Test
    @Timeout(40)
    void aPublisherRestartingFromANewSocketKeepsItsViewersReceivingEveryPacket() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            List<JavaSubscriber> viewers = show.subscribe(2, SubscriberOptions.of(publisher.roomId()));
            long video = publisher.tracks().videoSsrc();
            for (JavaSubscriber viewer : viewers) {
                await(() -> viewer.received(video).packets() > 100, TIMEOUT);
            }
            double handshakes = show.metric(HANDSHAKES);
            InetSocketAddress before = publisher.peer().localAddress();

            publisher.restartIce(true).get(10, TimeUnit.SECONDS);
            long atRestart = viewers.get(0).received(video).packets();
            assertNotEquals(before, publisher.peer().localAddress(), "a new socket");
            await(() -> viewers.get(0).received(video).packets() > atRestart + 100, TIMEOUT);
            Thread.sleep(500);
            publisher.stopMedia().get(5, TimeUnit.SECONDS);

            for (JavaSubscriber viewer : viewers) {
                for (SentStreamStats sent : publisher.sent()) {
                    assertComplete(awaitLast(viewer, sent), sent);
                }
                assertEquals(1, viewer.offersAnswered(), "the viewers saw no renegotiation");
                assertEquals(0, viewer.peer().stats().decryptFailed());
            }
            assertTrue(viewers.get(0).received(video).packets() > atRestart + 100);
            assertEquals(1, publisher.peer().iceRestarts());
            assertEquals(handshakes, show.metric(HANDSHAKES), "no second DTLS handshake");
            assertEquals(1.0, show.metric("livestage_sfu_ice_restarts_total{role=\"publisher\""));
            assertEquals(1.0, show.metric("livestage_sfu_ice_restarts_completed_total{role=\"publisher\""));
        }
    }

    @Test
    @Timeout(40)
    void restartingTwiceQuicklyEndsOnTheLastRestartsCredentials() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            long video = publisher.tracks().videoSsrc();
            await(() -> viewer.received(video).packets() > 50, TIMEOUT);

            viewer.restartIce(false).get(10, TimeUnit.SECONDS);
            viewer.restartIce(true).get(10, TimeUnit.SECONDS);
            long atRestart = viewer.received(video).packets();
            await(() -> viewer.received(video).packets() > atRestart + 100, TIMEOUT);

            assertTrue(viewer.received(video).packets() > atRestart + 100, viewer.received(video).toString());
            assertEquals(2, viewer.peer().iceRestarts());
            assertEquals(2.0, show.metric("livestage_sfu_ice_restarts_completed_total"));
        }
    }

    @Test
    @Timeout(30)
    void restartsWithoutASubscriptionOrMembershipGetTypedErrors() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            SignalingClient host = publisher.signaling();
            assertEquals("not_found", restartError(host, publisher.roomId()), "the host publishes, it has no subscription");
            assertEquals("not_found", restartError(host, "rnope"), "no such room");

            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            viewer.signaling().request(SignalingClient.message("room.leave").put("roomId", publisher.roomId()),
                    TIMEOUT).get(5, TimeUnit.SECONDS);
            assertEquals("forbidden", restartError(viewer.signaling(), publisher.roomId()), "not in the room");
        }
    }

    private static String restartError(SignalingClient client, String roomId) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> client.request(
                SignalingClient.message("media.restart").put("roomId", roomId), TIMEOUT).get(5, TimeUnit.SECONDS));
        return assertInstanceOf(SignalingException.class, failed.getCause()).code();
    }
}
