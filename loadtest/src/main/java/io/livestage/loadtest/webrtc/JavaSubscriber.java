package io.livestage.loadtest.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingEvents;
import io.livestage.loadtest.client.SignalingListener;
import io.livestage.sfu.ice.IceCredentials;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A viewer as a phone would be one, without a browser: over signaling it authenticates, joins a
 * show and subscribes ({@code media.subscribe}); it answers the server's offer receive-only, connects
 * a {@link WebRtcPeer} (ICE controlling, DTLS client) and then receives, decrypts and checks every
 * packet, sending NACKs, PLIs and receiver reports. Every later {@code media.offer} of its
 * subscription (publishers coming or going) is answered on the same transport. A viewer with a
 * {@link SubscriberOptions#layer()} pins that simulcast layer ({@code media.layer}) right after its
 * first answer, and every viewer records the layer the server says it forwards ({@code media.layer}
 * events).
 */
public final class JavaSubscriber {

    private final SignalingClient signaling;
    private final SubscriberOptions options;
    private final String subscriptionId;
    private final WebRtcPeer peer;
    private final SubscriberReceiver receiver;
    private final long startNanos;
    private final AtomicInteger offersAnswered = new AtomicInteger();
    private volatile ServerOffer offer;
    private volatile Throwable renegotiationFailure;
    private volatile ScheduledFuture<?> feedback;
    private volatile String layer;
    /** Completes with the delay of the server's {@code reconnect} hint (a draining node), in milliseconds. */
    private final CompletableFuture<Long> reconnectAsked;

    private JavaSubscriber(SignalingClient signaling, SubscriberOptions options, String subscriptionId,
            WebRtcPeer peer, SubscriberReceiver receiver, long startNanos, CompletableFuture<Long> reconnectAsked) {
        this.signaling = signaling;
        this.reconnectAsked = reconnectAsked;
        this.options = options;
        this.subscriptionId = subscriptionId;
        this.peer = peer;
        this.receiver = receiver;
        this.startNanos = startNanos;
    }

    /**
     * Connects, subscribes, answers and connects the media transport; completes once SRTP is up.
     * Fails with the signaling failure (a {@code SignalingException} carries the server's error
     * code) or a {@link WebRtcException}; whatever was opened is closed again. Binds the UDP socket
     * on the calling thread.
     */
    public static CompletableFuture<JavaSubscriber> start(SignalingConnector connector, URI url, String token,
            WebRtcPeerGroup peers, SubscriberOptions options) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(options, "options");
        long startNanos = System.nanoTime();
        OfferEvents events = new OfferEvents();
        return connector.connect(url, events)
                .thenCompose(client -> client.request(SignalingClient.message("auth").put("token", token), options.timeout())
                        .thenCompose(welcome -> client.request(SignalingClient.message("room.join")
                                .put("roomId", options.roomId()), options.timeout()))
                        .thenCompose(joined -> subscribe(client, events, peers, options, startNanos))
                        .whenComplete((subscriber, failure) -> {
                            if (failure != null) {
                                client.close();
                            }
                        }));
    }

    /**
     * Subscribes on a connection that is already authenticated and a member of the room (a call
     * party's own connection); {@code events} must be that connection's listener. On failure only
     * the media peer is closed: the connection stays its owner's.
     */
    public static CompletableFuture<JavaSubscriber> subscribeOn(SignalingClient client, SignalingEvents events,
            WebRtcPeerGroup peers, SubscriberOptions options) {
        OfferEvents offers = new OfferEvents();
        events.add(offers);
        return subscribe(client, offers, peers, options, System.nanoTime());
    }

    private static CompletableFuture<JavaSubscriber> subscribe(SignalingClient client, OfferEvents events,
            WebRtcPeerGroup peers, SubscriberOptions options, long startNanos) {
        LocalTracks identity = LocalTracks.random(peers.random());
        SubscriberReceiver receiver = new SubscriberReceiver(options.videoDrop(), identity.audioSsrc(), identity.cname(),
                options.latency(), options.simulcast());
        WebRtcPeer peer = peers.newPeer(receiver);
        CompletableFuture<JavaSubscriber> started = client.request(SignalingClient.message("media.subscribe")
                        .put("roomId", options.roomId()), options.timeout())
                .thenCompose(reply -> {
                    JavaSubscriber subscriber = new JavaSubscriber(client, options,
                            reply.path("subscriptionId").asText(), peer, receiver, startNanos, events.reconnectAsked);
                    // Before our first answer: the server may re-offer right after reading it.
                    events.attach(subscriber);
                    ServerOffer first = ServerOffer.parse(reply.path("sdp").asText());
                    InetSocketAddress target = options.mediaAddress() != null ? options.mediaAddress()
                            : first.transport().firstIpv4HostCandidate();
                    return subscriber.answer(first)
                            .thenCompose(ok -> subscriber.pinLayer())
                            .thenCompose(ok -> peer.connect(first.transport(), target))
                            .thenApply(connected -> subscriber.startFeedback());
                });
        return started.whenComplete((subscriber, failure) -> {
            if (failure != null) {
                peer.close();
            }
        });
    }

    /** Expects the offer's streams from now on (before the server can send them), then answers. */
    private CompletableFuture<Void> answer(ServerOffer next) {
        return answer(next, peer.localIce());
    }

    private CompletableFuture<Void> answer(ServerOffer next, IceCredentials ice) {
        String sdp = SubscriberAnswerBuilder.answer(next.sdp(), ice, peer.fingerprint());
        offer = next;
        peer.eventLoop().execute(() -> receiver.offer(next));
        return signaling.request(SignalingClient.message("media.answer").put("subscriptionId", subscriptionId)
                .put("sdp", sdp), options.timeout()).thenAccept(ok -> offersAnswered.incrementAndGet());
    }

    /** Pins the configured simulcast layer before media flows, so the server can start with that layer's keyframe. */
    private CompletableFuture<Void> pinLayer() {
        if (options.layer() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return signaling.request(SignalingClient.message("media.layer").put("subscriptionId", subscriptionId)
                .put("layer", options.layer()), options.timeout()).thenAccept(ok -> { });
    }

    /** A re-offer: same transport, new set of tracks. */
    private void renegotiate(String sdp) {
        try {
            answer(ServerOffer.parse(sdp)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    renegotiationFailure = failure;
                }
            });
        } catch (RuntimeException e) {
            renegotiationFailure = e;
        }
    }

    /**
     * ICE restart through {@code media.restart}: the server's fresh offer (new ICE credentials, same
     * certificate and tracks) is answered with new credentials of ours, then the peer checks with
     * both, from a new socket when {@code newSocket}. Media keeps flowing.
     */
    public CompletableFuture<Void> restartIce(boolean newSocket) {
        return signaling.request(SignalingClient.message("media.restart").put("roomId", options.roomId()),
                        options.timeout())
                .thenCompose(reply -> {
                    ServerOffer next = ServerOffer.parse(reply.path("sdp").asText());
                    InetSocketAddress target = options.mediaAddress() != null ? options.mediaAddress()
                            : next.transport().firstIpv4HostCandidate();
                    return answer(next, peer.renewLocalIce())
                            .thenCompose(ok -> peer.restartIce(next.transport().ice(), target, newSocket));
                })
                .thenApply(restarted -> null);
    }

    private JavaSubscriber startFeedback() {
        feedback = peer.eventLoop().scheduleAtFixedRate(() -> receiver.feedback(peer, System.nanoTime()),
                SubscriberReceiver.FEEDBACK_INTERVAL_MILLIS, SubscriberReceiver.FEEDBACK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    public String roomId() {
        return options.roomId();
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public WebRtcPeer peer() {
        return peer;
    }

    /**
     * Completes when the server asks this subscriber's connection to reconnect ({@code reconnect {reason, after}}: its
     * node drains), with the delay it asks for in milliseconds; never if it does not.
     */
    public CompletableFuture<Long> reconnectAsked() {
        return reconnectAsked;
    }

    public SignalingClient signaling() {
        return signaling;
    }

    /** {@link System#nanoTime()} when {@link #start} was called: the viewer's "join" instant. */
    public long startNanos() {
        return startNanos;
    }

    /** The offer answered last. */
    public ServerOffer offer() {
        return offer;
    }

    /** The layer this viewer pinned ({@link SubscriberOptions#layer()}), or null. */
    public String pinnedLayer() {
        return options.layer();
    }

    /**
     * The simulcast layer the server last said it forwards to us ({@code low}, {@code medium} or
     * {@code high}), or null before it said any (a track of one stream never does).
     */
    public String layer() {
        return layer;
    }

    /** Offers answered and confirmed ({@code media.ok}), the first one included. */
    public int offersAnswered() {
        return offersAnswered.get();
    }

    /** Why answering a re-offer failed, or null. */
    public Throwable renegotiationFailure() {
        return renegotiationFailure;
    }

    /** Per-SSRC figures of every stream offered so far, gathered on the peer's event loop. */
    public CompletableFuture<List<ReceivedTrackStats>> received() {
        CompletableFuture<List<ReceivedTrackStats>> result = new CompletableFuture<>();
        peer.eventLoop().execute(() -> result.complete(receiver.snapshot()));
        return result;
    }

    /** The figures of the stream from {@code ssrc}, or null when never offered; blocks, so not on the peer's loop. */
    public ReceivedTrackStats received(long ssrc) {
        for (ReceivedTrackStats stats : received().join()) {
            if (stats.ssrc() == ssrc) {
                return stats;
            }
        }
        return null;
    }

    /** Packets from SSRCs the current offer does not announce (a track already removed, say). */
    public long unknownSsrcPackets() {
        return receiver.unknownSsrcPackets();
    }

    /** Stops reading the socket (a stalled viewer) or resumes; see {@link WebRtcPeer#setReading}. */
    public void setReading(boolean reading) {
        peer.setReading(reading);
    }

    /** Unsubscribes (the protocol defines no reply), closes the transport and the signaling connection. */
    public CompletableFuture<Void> close() {
        ScheduledFuture<?> ticks = feedback;
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (signaling.isOpen()) {
            signaling.send(SignalingClient.message("media.unsubscribe").put("subscriptionId", subscriptionId));
        }
        return peer.close().thenCompose(closed -> signaling.close());
    }

    /**
     * Routes {@code media.offer} and {@code media.layer} events of our subscription to us; nothing can
     * come before we exist.
     */
    private static final class OfferEvents implements SignalingListener {
        private volatile JavaSubscriber subscriber;
        /** Kept here, not in the subscriber: a hint may come before the subscription is answered. */
        private final CompletableFuture<Long> reconnectAsked = new CompletableFuture<>();

        void attach(JavaSubscriber owner) {
            subscriber = owner;
        }

        @Override
        public void onEvent(SignalingClient client, JsonNode message) {
            String type = message.path("type").asText();
            if (type.equals("reconnect")) {
                reconnectAsked.complete(Math.max(0, message.path("after").asLong()));
                return;
            }
            JavaSubscriber owner = subscriber;
            if (owner == null || !owner.subscriptionId.equals(message.path("subscriptionId").asText())) {
                return;
            }
            if (type.equals("media.offer")) {
                owner.renegotiate(message.path("sdp").asText());
            } else if (type.equals("media.layer")) {
                owner.layer = message.path("layer").asText();
            }
        }
    }
}
