package io.livestage.loadtest.webrtc;

import static io.livestage.loadtest.webrtc.LiveShowHarness.assertComplete;
import static io.livestage.loadtest.webrtc.LiveShowHarness.await;
import static io.livestage.loadtest.webrtc.LiveShowHarness.awaitLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java subscribers across publishers coming and going, joining late, and asking for what they may not have. */
class SubscriberRenegotiationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    @Timeout(40)
    void aViewerFollowsTheHostUnpublishingAndPublishingAgainOnTheSameTransport() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher first = show.startShow();
            String roomId = first.roomId();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(roomId)).get(0);
            long firstVideo = first.tracks().videoSsrc();
            await(() -> viewer.received(firstVideo).packets() > 100, TIMEOUT);

            first.close().get(10, TimeUnit.SECONDS);
            await(() -> viewer.offer().streams().isEmpty() && viewer.offersAnswered() >= 2, TIMEOUT);
            assertTrue(viewer.offer().streams().isEmpty(), "the re-offer removes the gone tracks: " + viewer.offer().sdp());

            JavaPublisher second = show.publish(PublisherOptions.defaults().withRoomId(roomId));
            await(() -> viewer.offer().stream(second.tracks().videoSsrc()) != null && viewer.offersAnswered() >= 3,
                    TIMEOUT);
            assertNotNull(viewer.offer().stream(second.tracks().audioSsrc()), viewer.offer().sdp());
            await(() -> viewer.received(second.tracks().videoSsrc()).packets() > 0, TIMEOUT);
            Thread.sleep(1_000);
            second.stopMedia().get(5, TimeUnit.SECONDS);

            for (SentStreamStats sent : second.sent()) {
                ReceivedTrackStats received = awaitLast(viewer, sent);
                assertComplete(received, sent);
                assertTrue(received.packets() > (sent.kind().equals("video") ? 150 : 25), received.toString());
            }
            assertTrue(viewer.received(second.tracks().videoSsrc()).keyframes() > 0);
            assertNull(viewer.renegotiationFailure());
            assertEquals(3, viewer.offersAnswered(), "first offer, tracks gone, tracks back");
            assertEquals(PeerState.CONNECTED, viewer.peer().state(), "one transport throughout");
            assertEquals(0, viewer.peer().stats().decryptFailed());
        }
    }

    @Test
    @Timeout(30)
    void aLateViewerGetsAKeyframeWithinASecondAndAHalf() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            // Keyframes only on request: the late viewer's comes from its PLI (or the server's on its behalf).
            JavaPublisher publisher = show.publish(PublisherOptions.defaults()
                    .withVideo(VideoSettings.hd720().withKeyframeInterval(30)));
            Thread.sleep(1_000);
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            long video = publisher.tracks().videoSsrc();
            await(() -> viewer.received(video).firstKeyframeNanos() > 0, Duration.ofSeconds(3));

            long joinToKeyframeMillis = (viewer.received(video).firstKeyframeNanos() - viewer.startNanos()) / 1_000_000;
            System.out.println("join-to-first-keyframe: " + joinToKeyframeMillis + " ms");
            assertTrue(viewer.received(video).firstKeyframeNanos() > 0, "no keyframe: " + viewer.received(video));
            assertTrue(joinToKeyframeMillis < 1_500, joinToKeyframeMillis + " ms");
            assertTrue(publisher.keyframeRequests() > 0);
        }
    }

    @Test
    @Timeout(30)
    void subscribingToAMissingRoomTwiceOrAfterLeavingGetsATypedError() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            SignalingClient signaling = viewer.signaling();

            assertEquals("not_found", errorCode(signaling, "rnope"));
            assertEquals("conflict", errorCode(signaling, publisher.roomId()));
            signaling.request(SignalingClient.message("room.leave").put("roomId", publisher.roomId()), TIMEOUT)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("forbidden", errorCode(signaling, publisher.roomId()));
            // Leaving ended the subscription: the server closed its transport with close_notify.
            await(() -> viewer.peer().state() == PeerState.CLOSED, TIMEOUT);
            assertEquals(PeerState.CLOSED, viewer.peer().state());
        }
    }

    private static String errorCode(SignalingClient signaling, String roomId) throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> signaling.request(
                SignalingClient.message("media.subscribe").put("roomId", roomId), TIMEOUT).get(5, TimeUnit.SECONDS));
        return assertInstanceOf(SignalingException.class, failed.getCause()).code();
    }
}
