package io.livestage.signaling.media;

import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.session.Requester;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What signaling needs from the SFU. Signaling checks identity and room membership first;
 * the plane owns ICE/DTLS/SRTP and forwarding. Failures complete the stage with a
 * {@link io.livestage.signaling.protocol.ProtocolException} carrying the error code to send.
 * Later offers for an existing subscription are pushed with {@link Requester#send}.
 */
public interface MediaPlane {
    /**
     * Answers a publisher's SDP offer for the room.
     *
     * @param liveness told {@code true} once the publisher's media flows and {@code false} when
     *                 it stops for good; signaling turns these into {@code room.publisher} events
     */
    CompletionStage<String> publish(Requester publisher, String roomId, String offerSdp, PublisherListener liveness);

    /** Stops the session's publishing in the room; a no-op when it does not publish there. */
    void unpublish(Requester publisher, String roomId);

    /** Creates a subscription to every publisher of the room and returns its first offer. */
    CompletionStage<SubscriptionOffer> subscribe(Requester subscriber, String roomId);

    /** Completes a subscription with the client's SDP answer. */
    CompletionStage<Void> answer(Requester subscriber, String subscriptionId, String answerSdp);

    void unsubscribe(Requester subscriber, String subscriptionId);

    /**
     * ICE restart of the session's subscription in the room: the plane rotates its ICE credentials
     * and returns a fresh offer for the same subscription (same DTLS fingerprint and tracks), which
     * the client answers with {@link #answer}. Publishers restart by publishing again instead.
     * Fails with {@code not_found} when the session has no subscription there; a plane without ICE
     * restart answers {@code unavailable}.
     */
    default CompletionStage<SubscriptionOffer> restart(Requester subscriber, String roomId) {
        return CompletableFuture.failedFuture(
                new ProtocolException(ErrorCode.UNAVAILABLE, "ICE restart is not available on this server"));
    }

    /**
     * Pins the session's subscription to a simulcast layer ({@code low}, {@code medium}, {@code
     * high}) or returns it to the server's choice ({@code auto}). A plane without simulcast answers
     * {@code unavailable}.
     */
    default void layer(Requester subscriber, String subscriptionId, String layer) {
        throw new ProtocolException(ErrorCode.UNAVAILABLE, "simulcast layers are not available on this server");
    }

    /** A trickled client candidate; an ICE-lite plane learns addresses from checks and may ignore it. */
    void candidate(Requester session, String roomId, String candidate);

    /** The session left the room or disconnected: drop its transports in that room. */
    void left(Requester session, String roomId);

    /** The room ended: drop all of its media. */
    void roomClosed(String roomId);

    /**
     * A subscription for another node's relay of the room (its {@link #relayIn}): as {@link #subscribe}, but sending
     * each simulcast track in every layer, so that node can give each of its viewers their own. A plane without
     * simulcast subscribes as for a viewer.
     */
    default CompletionStage<SubscriptionOffer> relayOut(Requester relay, String roomId) {
        return subscribe(relay, roomId);
    }

    /**
     * Receives the room's media from the node that hosts it (a relay between nodes): answers that node's offer,
     * made for this node, so this node's subscribers of the room get its tracks as a publisher's here.
     * {@code relayId} names the relay in the room; a later offer replaces it. {@code listener} hears when the
     * relay's transport closes for good without being replaced (it never connected, or its consent expired) and
     * which simulcast layers this node's viewers need. A plane without relays answers {@code unavailable}.
     */
    default CompletionStage<String> relayIn(String roomId, String relayId, String offerSdp, RelayListener listener) {
        return CompletableFuture.failedFuture(
                new ProtocolException(ErrorCode.UNAVAILABLE, "media relays are not available on this server"));
    }

    /**
     * The node receiving a relay of the room (its {@link #relayOut} subscription {@code subscriptionId}) needs
     * only {@code layers} of the simulcast track it knows as m-section {@code mid} (layers named as that node's
     * {@link RelayListener#layersWanted} names them): the others stop crossing until it wants them again, so the
     * publisher need not send a layer nobody on any node watches. A plane without simulcast ignores it.
     */
    default void relayLayers(Requester relay, String subscriptionId, String mid, List<String> layers) {
    }

    /**
     * This node no longer receives the room's media through the relay (the show ended, moved, or its node died):
     * its tracks leave the room at once, so the room's subscribers are offered only what still flows.
     */
    default void relayClosed(String roomId, String relayId) {
    }

    /** Where peers send this node's media ({@code address:port}), as its ICE candidates announce. */
    default List<String> addresses() {
        return List.of();
    }

    /** How busy the busiest media loop was over the last second, 0 to 100: the node's media load. */
    default int busyPercent() {
        return 0;
    }

    /** An offer for a subscription. */
    record SubscriptionOffer(String subscriptionId, String sdp) {}

    /** Hears about a relay this node receives ({@link #relayIn}). Any thread. */
    interface RelayListener {
        /** The relay's transport closed for good without a newer one replacing it. */
        void lost();

        /**
         * This node's viewers now need only {@code layers} of the relayed simulcast track in m-section {@code mid}
         * of the relay's offer (named {@code "0"}, {@code "1"}, ... from the lowest), for {@link #relayLayers} on the
         * node that sends the relay.
         */
        void layersWanted(String mid, List<String> layers);
    }

    /** Hears whether a publisher's media is flowing. Called from any thread. */
    @FunctionalInterface
    interface PublisherListener {
        void live(boolean live);
    }
}
