package io.livestage.signaling.media;

import io.livestage.signaling.session.Session;
import java.util.concurrent.CompletionStage;

/**
 * What signaling needs from the SFU. Signaling checks identity and room membership first;
 * the plane owns ICE/DTLS/SRTP and forwarding. Failures complete the stage with a
 * {@link io.livestage.signaling.protocol.ProtocolException} carrying the error code to send.
 * Later offers for an existing subscription are pushed with {@link Session#send}.
 */
public interface MediaPlane {
    /** Answers a publisher's SDP offer for the room. */
    CompletionStage<String> publish(Session publisher, String roomId, String offerSdp);

    CompletionStage<Void> unpublish(Session publisher, String roomId);

    /** Creates a subscription to every publisher of the room and returns its first offer. */
    CompletionStage<SubscriptionOffer> subscribe(Session subscriber, String roomId);

    /** Completes a subscription with the client's SDP answer. */
    CompletionStage<Void> answer(Session subscriber, String subscriptionId, String answerSdp);

    CompletionStage<Void> unsubscribe(Session subscriber, String subscriptionId);

    /** The session left the room or disconnected: drop its transports in that room. */
    void left(Session session, String roomId);

    /** The room ended: drop all of its media. */
    void roomClosed(String roomId);

    /** An offer for a subscription. */
    record SubscriptionOffer(String subscriptionId, String sdp) {}
}
