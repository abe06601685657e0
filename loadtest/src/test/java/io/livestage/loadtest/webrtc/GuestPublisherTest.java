package io.livestage.loadtest.webrtc;

import static io.livestage.loadtest.webrtc.LiveShowHarness.assertComplete;
import static io.livestage.loadtest.webrtc.LiveShowHarness.awaitLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.signaling.auth.Role;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two publishers in one show, the host and an invited guest: a viewer receives both, complete. */
class GuestPublisherTest {

    @Test
    @Timeout(40)
    void aViewerReceivesTheHostAndTheGuest() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher host = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(host.roomId())).get(0);
            host.signaling().request(SignalingClient.message("show.invite").put("roomId", host.roomId())
                    .put("userId", "guest"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            JavaPublisher guest = show.publishAs("guest", Role.VIEWER, PublisherOptions.defaults()
                    .withRoomId(host.roomId()));
            Thread.sleep(3_000);
            host.stopMedia().get(5, TimeUnit.SECONDS);
            guest.stopMedia().get(5, TimeUnit.SECONDS);

            for (JavaPublisher publisher : List.of(host, guest)) {
                for (SentStreamStats sent : publisher.sent()) {
                    ReceivedTrackStats received = awaitLast(viewer, sent);
                    assertComplete(received, sent);
                    assertTrue(received.packets() > (sent.kind().equals("video") ? 300 : 60), received.toString());
                }
            }
            assertTrue(viewer.offersAnswered() >= 2, "the guest's tracks came with a re-offer");
            assertEquals(null, viewer.renegotiationFailure());
            assertEquals(4, show.server().sfu().tracks(host.roomId()).size(), "two publishers, audio and video each");
        }
    }
}
