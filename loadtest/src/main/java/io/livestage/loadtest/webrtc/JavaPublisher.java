package io.livestage.loadtest.webrtc;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingEvents;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A publisher as a phone would be one, without a browser: over signaling it authenticates, starts a
 * show (or uses a given room) and sends {@code media.publish} with our offer; then it connects a
 * {@link WebRtcPeer} as the answer says and sends synthetic Opus and VP8 at a steady rate until
 * {@link #close()}. A PLI or FIR from the server makes the next video frame a keyframe.
 *
 * <p>With {@link PublisherOptions#simulcast()} layers the video goes as a browser sends simulcast:
 * one stream per layer (its own SSRC, announced by the RID header extension only), each answering
 * the keyframe requests that name its SSRC, and each paused while the server's {@code media.layers}
 * leaves it out.
 */
public final class JavaPublisher {

    private final SignalingClient signaling;
    private final String roomId;
    private final WebRtcPeer peer;
    private final LocalTracks tracks;
    private final PublisherFeedback feedback;
    private final PacedSender sender;
    private final PublisherOptions options;
    private final ActiveLayers activeLayers;
    /** The video streams' SSRCs, simulcast layers lowest first; set when media starts. */
    private volatile long[] videoSsrcs = new long[0];

    private JavaPublisher(SignalingClient signaling, String roomId, WebRtcPeer peer, LocalTracks tracks,
            PublisherFeedback feedback, PacedSender sender, PublisherOptions options, ActiveLayers activeLayers) {
        this.signaling = signaling;
        this.roomId = roomId;
        this.peer = peer;
        this.tracks = tracks;
        this.feedback = feedback;
        this.sender = sender;
        this.options = options;
        this.activeLayers = activeLayers;
    }

    /**
     * Connects, publishes and starts sending media. Fails with the signaling failure (a
     * {@code SignalingException} carries the server's error code) or a {@link WebRtcException};
     * whatever was opened is closed again. Binds the UDP socket on the calling thread.
     */
    public static CompletableFuture<JavaPublisher> start(SignalingConnector connector, URI url, String token,
            WebRtcPeerGroup peers, PublisherOptions options) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(options, "options");
        LiveAnnouncement announcement = new LiveAnnouncement();
        ActiveLayers layers = new ActiveLayers();
        SignalingEvents events = new SignalingEvents().add(announcement).add(layers);
        return connector.connect(url, events).thenCompose(client -> join(client, token, options, announcement)
                .thenCompose(roomId -> publish(client, roomId, announcement, layers, peers, options))
                .whenComplete((publisher, failure) -> {
                    if (failure != null) {
                        client.close();
                    }
                }));
    }

    /**
     * Publishes on a connection that is already authenticated as {@code userId} and a member of the
     * room (a call party's own connection); {@code events} must be that connection's listener. On
     * failure only the media peer is closed: the connection stays its owner's.
     */
    public static CompletableFuture<JavaPublisher> publishOn(SignalingClient client, SignalingEvents events,
            String userId, String roomId, WebRtcPeerGroup peers, PublisherOptions options) {
        LiveAnnouncement announcement = new LiveAnnouncement();
        announcement.expect(userId);
        ActiveLayers layers = new ActiveLayers();
        events.add(announcement).add(layers);
        return publish(client, roomId, announcement, layers, peers, options);
    }

    private static CompletableFuture<JavaPublisher> publish(SignalingClient client, String roomId,
            LiveAnnouncement announcement, ActiveLayers layers, WebRtcPeerGroup peers, PublisherOptions options) {
        PublisherFeedback feedback = new PublisherFeedback();
        WebRtcPeer peer = peers.newPeer(feedback);
        LocalTracks tracks = LocalTracks.random(peers.random());
        String offer = OfferBuilder.publisher(peer.localIce(), peer.fingerprint(), tracks,
                SimulcastLayer.rids(options.simulcast()));
        SplittableRandom random = new SplittableRandom(peers.random().nextLong());
        CompletableFuture<JavaPublisher> started = client.request(SignalingClient.message("media.publish")
                        .put("roomId", roomId).put("sdp", offer), options.timeout())
                .thenCompose(reply -> {
                    ServerAnswer answer = ServerAnswer.parse(reply.path("sdp").asText());
                    if (!options.simulcast().isEmpty() && answer.videoAccepted()
                            && answer.videoExtensions().rid() == RtpExtensionIds.NONE) {
                        // One stream would do for the server, but the run would not measure what it was asked to.
                        throw new WebRtcException(WebRtcFailure.BAD_ANSWER,
                                "the server did not take our simulcast layers (no RID extension in its answer)");
                    }
                    InetSocketAddress target = options.mediaAddress() != null ? options.mediaAddress()
                            : answer.firstIpv4HostCandidate();
                    JavaPublisher publisher = new JavaPublisher(client, roomId, peer, tracks, feedback,
                            new PacedSender(peer.eventLoop(), peer::sendRtp), options, layers);
                    return peer.connect(answer, target)
                            .thenCompose(connected -> options.awaitLive()
                                    ? announcement.live().orTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
                                    : CompletableFuture.completedFuture(null))
                            .thenCompose(ready -> startMedia(publisher, answer, random));
                });
        return started.whenComplete((publisher, failure) -> {
            if (failure != null) {
                peer.close();
            }
        });
    }

    /** Authenticates, then joins the given room (taking over the host seat) or starts a show; the room id. */
    private static CompletableFuture<String> join(SignalingClient client, String token, PublisherOptions options,
            LiveAnnouncement announcement) {
        return client.request(SignalingClient.message("auth").put("token", token), options.timeout())
                .thenCompose(welcome -> {
                    announcement.expect(welcome.path("userId").asText());
                    // Publishing needs membership: the host's new connection joins, taking over the host seat.
                    return options.roomId() != null
                            ? client.request(SignalingClient.message("room.join").put("roomId", options.roomId()),
                                    options.timeout()).thenApply(joined -> options.roomId())
                            : client.request(SignalingClient.message("show.start").put("title", options.showTitle()),
                                    options.timeout()).thenApply(reply -> reply.path("roomId").asText());
                });
    }

    /** Builds the sources on the peer's event loop, which then owns them, and starts pacing. */
    private static CompletableFuture<JavaPublisher> startMedia(JavaPublisher publisher, ServerAnswer answer,
            SplittableRandom random) {
        CompletableFuture<JavaPublisher> running = new CompletableFuture<>();
        publisher.peer.eventLoop().execute(() -> {
            PublisherOptions options = publisher.options;
            LocalTracks tracks = publisher.tracks;
            TransportWideSequence transportSequence = new TransportWideSequence();
            if (options.audio() && answer.audioAccepted()) {
                RtpHeaderWriter header = new RtpHeaderWriter(answer.audioExtensions(), OfferBuilder.AUDIO_MID,
                        transportSequence);
                publisher.sender.add(new OpusPacketizer(tracks.audioSsrc(), OfferBuilder.OPUS_PT,
                        OpusPacketizer.DEFAULT_PAYLOAD_BYTES, header, random.split()), options.audioDrop());
            }
            if (!options.simulcast().isEmpty() && answer.videoAccepted()) {
                startLayers(publisher, answer, transportSequence, random);
            } else if (options.video() != null && answer.videoAccepted()) {
                RtpHeaderWriter header = new RtpHeaderWriter(answer.videoExtensions(), OfferBuilder.VIDEO_MID,
                        transportSequence);
                Vp8Packetizer video = new Vp8Packetizer(tracks.videoSsrc(), OfferBuilder.VP8_PT, options.video(),
                        header, random.split());
                publisher.feedback.attach(video);
                publisher.videoSsrcs = new long[] {video.ssrc()};
                publisher.sender.add(video, options.videoDrop());
            }
            publisher.sender.start();
            running.complete(publisher);
        });
        return running;
    }

    /** One packetizer per simulcast layer, each its own SSRC (none of the announced ones) and numbering. */
    private static void startLayers(JavaPublisher publisher, ServerAnswer answer,
            TransportWideSequence transportSequence, SplittableRandom random) {
        List<SimulcastLayer> layers = publisher.options.simulcast();
        Vp8Packetizer[] sources = new Vp8Packetizer[layers.size()];
        List<Long> taken = new ArrayList<>(List.of(publisher.tracks.audioSsrc(), publisher.tracks.videoSsrc(),
                publisher.tracks.videoRtxSsrc()));
        long[] ssrcs = new long[sources.length];
        for (int i = 0; i < sources.length; i++) {
            long ssrc = 0;
            while (ssrc == 0 || taken.contains(ssrc)) {
                ssrc = random.nextLong(1L << 32);
            }
            taken.add(ssrc);
            ssrcs[i] = ssrc;
            RtpHeaderWriter header = new RtpHeaderWriter(answer.videoExtensions(), OfferBuilder.VIDEO_MID,
                    layers.get(i).rid(), transportSequence);
            sources[i] = new Vp8Packetizer(ssrc, OfferBuilder.VP8_PT, layers.get(i).video(), header, random.split());
            publisher.sender.add(sources[i], publisher.options.videoDrop());
        }
        publisher.feedback.attach(sources);
        publisher.videoSsrcs = ssrcs;
        publisher.activeLayers.attach(publisher.peer.eventLoop(), SimulcastLayer.rids(layers), sources);
    }

    public String roomId() {
        return roomId;
    }

    public WebRtcPeer peer() {
        return peer;
    }

    public SignalingClient signaling() {
        return signaling;
    }

    public LocalTracks tracks() {
        return tracks;
    }

    /** What was sent per SSRC so far (audio first when sent). */
    public List<SentStreamStats> sent() {
        return sender.stats();
    }

    /** The figures of the stream of {@code kind} ("audio" or "video"), or null when not sent. */
    public SentStreamStats sent(String kind) {
        for (SentStreamStats stats : sender.stats()) {
            if (stats.kind().equals(kind)) {
                return stats;
            }
        }
        return null;
    }

    /** PLIs and FIRs received from the server. */
    public long keyframeRequests() {
        return feedback.keyframeRequests();
    }

    /**
     * Keyframe requests received per video stream, in the order of {@link #videoSsrcs()} (simulcast
     * layers lowest first), then those that named no video stream (the audio SSRC, say); just that
     * last count before media starts. Any thread.
     */
    public long[] keyframeRequestsByStream() {
        return feedback.keyframeRequestsBySource();
    }

    /** The SSRCs video goes out from: one, or a simulcast layer's each, lowest first; empty before media starts. */
    public long[] videoSsrcs() {
        return videoSsrcs.clone();
    }

    /** The server's {@code media.layers} events so far; the publisher pauses the layers they leave out. */
    public long layerEvents() {
        return activeLayers.events();
    }

    /** The rids the server last asked for, or null when it never said (every layer is sent). */
    public List<String> lastActiveLayers() {
        return activeLayers.lastActive();
    }

    public long nacksReceived() {
        return feedback.nacks();
    }

    /**
     * ICE restart as a browser's {@code pc.restartIce()} does it: a new offer with new ICE
     * credentials (same certificate and tracks) in {@code media.publish}, then checks with the
     * answer's new credentials, from a new socket when {@code newSocket}. Media keeps flowing.
     */
    public CompletableFuture<Void> restartIce(boolean newSocket) {
        String offer = OfferBuilder.publisher(peer.renewLocalIce(), peer.fingerprint(), tracks,
                SimulcastLayer.rids(options.simulcast()));
        return signaling.request(SignalingClient.message("media.publish").put("roomId", roomId).put("sdp", offer),
                        options.timeout())
                .thenCompose(reply -> {
                    ServerAnswer answer = ServerAnswer.parse(reply.path("sdp").asText());
                    InetSocketAddress target = options.mediaAddress() != null ? options.mediaAddress()
                            : answer.firstIpv4HostCandidate();
                    return peer.restartIce(answer.ice(), target, newSocket);
                })
                .thenApply(restarted -> null);
    }

    /** Stops sending media; the transport stays up. After this, {@link #sent()} is final. */
    public CompletableFuture<Void> stopMedia() {
        return sender.stop();
    }

    /** Stops media, unpublishes (the protocol defines no reply), closes the transport and the signaling connection. */
    public CompletableFuture<Void> close() {
        return stopMedia()
                .thenCompose(stopped -> {
                    signaling.send(SignalingClient.message("media.unpublish").put("roomId", roomId));
                    return peer.close();
                })
                .thenCompose(peerClosed -> signaling.close());
    }
}
