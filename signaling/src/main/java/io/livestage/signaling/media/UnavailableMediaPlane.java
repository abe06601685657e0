package io.livestage.signaling.media;

import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.session.Requester;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The plane of a node without media: every media request is {@code unavailable}. */
public final class UnavailableMediaPlane implements MediaPlane {
    private static ProtocolException unavailable() {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "media is not available on this server");
    }

    @Override
    public CompletionStage<String> publish(Requester publisher, String roomId, String offerSdp, PublisherListener liveness) {
        return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public void unpublish(Requester publisher, String roomId) {
        throw unavailable();
    }

    @Override
    public CompletionStage<SubscriptionOffer> subscribe(Requester subscriber, String roomId) {
        return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public CompletionStage<Void> answer(Requester subscriber, String subscriptionId, String answerSdp) {
        return CompletableFuture.failedFuture(unavailable());
    }

    @Override
    public void unsubscribe(Requester subscriber, String subscriptionId) {
        throw unavailable();
    }

    @Override
    public void candidate(Requester session, String roomId, String candidate) {
        throw unavailable();
    }

    @Override
    public void left(Requester session, String roomId) {
    }

    @Override
    public void roomClosed(String roomId) {
    }
}
