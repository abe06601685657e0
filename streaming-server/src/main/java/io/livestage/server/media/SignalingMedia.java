package io.livestage.server.media;

import io.livestage.sfu.MediaException;
import io.livestage.sfu.MediaSession;
import io.livestage.sfu.Sfu;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Requester;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The SFU as signaling sees it: signaling's sessions become the media plane's
 * {@link MediaSession}s (its later offers go out as {@code media.offer} events), and the plane's
 * refusals become the protocol's error codes. The SFU itself knows nothing of signaling.
 */
public final class SignalingMedia implements MediaPlane {
    private final Sfu sfu;

    public SignalingMedia(Sfu sfu) {
        this.sfu = sfu;
    }

    @Override
    public List<String> addresses() {
        return sfu.addresses();
    }

    @Override
    public int busyPercent() {
        return sfu.busiestLoopPercent();
    }

    @Override
    public CompletionStage<String> publish(Requester publisher, String roomId, String offerSdp, PublisherListener liveness) {
        return typed(() -> sfu.publish(peer(publisher), roomId, offerSdp, liveness::live));
    }

    @Override
    public void unpublish(Requester publisher, String roomId) {
        sfu.unpublish(peer(publisher), roomId);
    }

    @Override
    public CompletionStage<SubscriptionOffer> subscribe(Requester subscriber, String roomId) {
        return typed(() -> sfu.subscribe(peer(subscriber), roomId)).thenApply(SignalingMedia::offer);
    }

    @Override
    public CompletionStage<SubscriptionOffer> relayOut(Requester relay, String roomId) {
        return typed(() -> sfu.relayOut(peer(relay), roomId)).thenApply(SignalingMedia::offer);
    }

    @Override
    public CompletionStage<Void> answer(Requester subscriber, String subscriptionId, String answerSdp) {
        return typed(() -> sfu.answer(peer(subscriber), subscriptionId, answerSdp));
    }

    @Override
    public void unsubscribe(Requester subscriber, String subscriptionId) {
        try {
            sfu.unsubscribe(peer(subscriber), subscriptionId);
        } catch (MediaException e) {
            throw protocol(e);
        }
    }

    @Override
    public void layer(Requester subscriber, String subscriptionId, String layer) {
        try {
            sfu.layer(peer(subscriber), subscriptionId, layer);
        } catch (MediaException e) {
            throw protocol(e);
        }
    }

    @Override
    public CompletionStage<SubscriptionOffer> restart(Requester subscriber, String roomId) {
        return typed(() -> sfu.restart(peer(subscriber), roomId)).thenApply(SignalingMedia::offer);
    }

    /** ICE-lite learns the peer's addresses from its checks, so trickled candidates add nothing. */
    @Override
    public void candidate(Requester session, String roomId, String candidate) {
    }

    @Override
    public void left(Requester session, String roomId) {
        sfu.left(peer(session), roomId);
    }

    @Override
    public void roomClosed(String roomId) {
        sfu.roomClosed(roomId);
    }

    /** The origin's publishers reach this node's subscribers through the relay; it announces them itself. */
    @Override
    public CompletionStage<String> relayIn(String roomId, String relayId, String offerSdp, RelayListener listener) {
        return typed(() -> sfu.relayIn(roomId, relayId, offerSdp, live -> {
            if (!live) {
                listener.lost();
            }
        }, listener::layersWanted));
    }

    @Override
    public void relayLayers(Requester relay, String subscriptionId, String mid, List<String> layers) {
        try {
            sfu.relayLayers(peer(relay), subscriptionId, mid, layers);
        } catch (MediaException e) {
            throw protocol(e);
        }
    }

    @Override
    public void relayClosed(String roomId, String relayId) {
        sfu.relayClosed(roomId, relayId);
    }

    private static SubscriptionOffer offer(Sfu.SubscriptionOffer offer) {
        return new SubscriptionOffer(offer.subscriptionId(), offer.sdp());
    }

    private static MediaSession peer(Requester session) {
        return new SessionPeer(session);
    }

    /** The plane's stage with its refusals, thrown or completed, as protocol errors. */
    private static <T> CompletionStage<T> typed(Supplier<CompletionStage<T>> call) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (MediaException e) {
            throw protocol(e);
        }
        return stage.exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof MediaException refused) {
                throw protocol(refused);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }

    private static ProtocolException protocol(MediaException e) {
        ErrorCode code = switch (e.reason()) {
            case BAD_REQUEST -> ErrorCode.BAD_REQUEST;
            case CONFLICT -> ErrorCode.CONFLICT;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
        };
        return new ProtocolException(code, e.getMessage());
    }

    /** A signaling session as the media plane sees it. */
    private record SessionPeer(Requester session) implements MediaSession {
        @Override
        public String id() {
            return session.id();
        }

        @Override
        public String userId() {
            return session.identity().userId();
        }

        @Override
        public void offer(String roomId, String subscriptionId, String sdp) {
            session.send(new ServerMessage.MediaOffer(null, roomId, subscriptionId, sdp));
        }

        @Override
        public void layer(String roomId, String subscriptionId, String layer, boolean pinned) {
            session.send(new ServerMessage.MediaLayer(roomId, subscriptionId, layer, pinned ? "pinned" : "auto"));
        }

        @Override
        public void publishLayers(String roomId, String mid, List<String> activeRids) {
            session.send(new ServerMessage.MediaLayers(roomId, mid, activeRids));
        }
    }
}
