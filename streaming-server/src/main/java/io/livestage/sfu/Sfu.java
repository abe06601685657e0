package io.livestage.sfu;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.BindingRequest;
import io.livestage.sfu.ice.ConsentCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.DtlsSetup;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.PublisherAnswer;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaLoop;
import io.livestage.sfu.udp.MediaPort;
import io.livestage.sfu.udp.MediaTransport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU. Publishers' offers are answered here and become {@link WebRtcTransport}s on the shared
 * {@link MediaPort}; a room's transports live in its {@link Router}. Media is held in memory only
 * while it passes through. It knows nothing of signaling: the server's adapter turns signaling's
 * sessions into {@link MediaSession}s and {@link MediaException}s into error codes. Failures
 * complete the returned stages (or are thrown, for the void requests) as {@link MediaException}.
 */
public final class Sfu implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sfu.class);
    /**
     * jitsi's libraries log through java.util.logging at INFO (jicoco-config under its bare class
     * name, "JitsiConfig"); held strongly so the levels stick.
     */
    private static final java.util.logging.Logger[] QUIETED = {
        java.util.logging.Logger.getLogger("org.jitsi"), java.util.logging.Logger.getLogger("org.ice4j"),
        java.util.logging.Logger.getLogger("JitsiConfig")};

    static {
        for (java.util.logging.Logger logger : QUIETED) {
            logger.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private final SfuSettings settings;
    private final TransportSettings transportSettings;
    private final EventLoopGroup loops;
    /**
     * BC's handshake blocks a thread per peer for a few round trips, so the pool is bounded: a
     * handshake it has no thread for fails as overloaded, and new transports are refused meanwhile.
     */
    private final ThreadPoolExecutor handshakes;
    private final SubscriptionQuota subscriptionQuota;
    private final TransportRegistry transports = new TransportRegistry();
    private final SfuMetrics metrics;
    private final MediaPort port;
    private final List<MediaLoop> mediaLoops;
    private final DtlsCertificate certificate;
    private final List<HostCandidate> candidates;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Router> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    private Sfu(SfuSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.transportSettings = new TransportSettings(
                DtlsConfig.DEFAULT.withHandshakeTimeout(settings.dtlsHandshakeTimeout()), settings.consentTimeout(),
                settings.maxPublishKbps() * 1000L, settings.dtlsFirstFlightTimeout());
        this.subscriptionQuota = new SubscriptionQuota(settings.maxSubscriptionsPerUser());
        SrtpSession.warmUp();
        warmUpStun(random);
        this.metrics = new SfuMetrics(transports::count);
        metrics.bindTo(registry);
        int threads = Runtime.getRuntime().availableProcessors();
        this.loops = MediaTransport.group(threads, "livestage-media");
        this.handshakes = new ThreadPoolExecutor(0, settings.maxConcurrentHandshakes(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new DefaultThreadFactory("livestage-dtls", true));
        this.certificate = DtlsCertificate.generate(random);
        this.port = new MediaPort(loops, threads, settings.bindAddress(), settings.udpPort(), transports, metrics);
        this.mediaLoops = port.loops();
        for (MediaLoop loop : mediaLoops) {
            loop.loop().scheduleAtFixedRate(() -> loop.sampleBusy(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
            Gauge.builder("livestage.sfu.media.loop.busy.ratio", loop, busy -> busy.busyPercent() / 100.0)
                    .tag("loop", Integer.toString(loop.index()))
                    .description("Share of the last second a media loop spent on datagrams and handed-over packets; "
                            + "at 0.95 new transports are refused as unavailable")
                    .register(registry);
        }
        this.candidates = settings.announcedAddresses().stream().map(a -> new HostCandidate(a, port.port())).toList();
        loops.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        log.info("media port {} on {} announcing {} ({} sockets)", port.port(), settings.bindAddress(),
                settings.announcedAddresses(), port.loops().size());
    }

    public static Sfu start(SfuSettings settings, MeterRegistry registry) {
        return new Sfu(settings, registry);
    }

    /** The media event loops, for the operator's lag probe. */
    public EventLoopGroup loops() {
        return loops;
    }

    public int udpPort() {
        return port.port();
    }

    /** The announced media addresses, {@code address:port} each, as in our ICE candidates. */
    public List<String> addresses() {
        return candidates.stream().map(c -> c.address() + ":" + c.port()).toList();
    }

    /** Media subscriptions this node serves now, over every room (a viewer on another node's too). */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /** How busy the busiest media loop was over the last second, 0 to 100. */
    public int busiestLoopPercent() {
        int busiest = 0;
        for (MediaLoop loop : mediaLoops) {
            busiest = Math.max(busiest, loop.busyPercent());
        }
        return busiest;
    }

    public boolean bound() {
        return port.bound();
    }

    /**
     * Answers a publisher's offer with a new transport, or, when the offer is an ICE restart of the
     * transport the session already publishes on in the room, by restarting ICE on that one.
     */
    public CompletionStage<String> publish(MediaSession publisher, String roomId, String offerSdp,
                                           PublisherListener liveness) {
        IceCredentials local = IceCredentials.random(random);
        SdpOffer offer;
        PublisherAnswer answer;
        try {
            offer = SdpOffer.parse(offerSdp);
            answer = PublisherAnswerBuilder.answer(offer, describe(local));
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(MediaException.badRequest("cannot serve this offer: " + e.getMessage()));
        }
        Router router = router(roomId);
        String sessionId = publisher.id();
        PublisherAnswer restarted = iceRestart(router.publisher(sessionId), offer);
        if (restarted != null) {
            return CompletableFuture.completedFuture(restarted.sdp());
        }
        if (handshakesSaturated()) {
            return CompletableFuture.failedFuture(busy());
        }
        MediaLoop saturated = LoopSaturation.saturated(mediaLoops);
        if (saturated != null) {
            return CompletableFuture.failedFuture(LoopSaturation.refusal(saturated));
        }
        WebRtcTransport transport = publisherTransport(router, roomId, sessionId, publisher.userId(), local, liveness,
                (mid, activeRids) -> publisher.publishLayers(roomId, mid, activeRids));
        transport.start(answer.remoteIce(), answer.remoteFingerprint(),
                answer.dtlsServer() ? DtlsRole.SERVER : DtlsRole.CLIENT, answer.media());
        WebRtcTransport replaced = router.publish(sessionId, transport);
        if (replaced != null) {
            replaced.close("republished");
        }
        return CompletableFuture.completedFuture(answer.sdp());
    }

    /**
     * Receives a room's media from the node that hosts it (a media relay between nodes): answers that node's
     * subscription offer, made for this node, as a publisher's offer here, with a transport that checks the
     * offer's candidate first (the controlling agent) and runs DTLS as the client. The room's subscribers here
     * get its tracks as they get a publisher's, and this node's own feedback (NACKs from its cache, merged
     * keyframe requests, congestion feedback) goes to that node as a browser's would. {@code relayId} stands for
     * the publisher in the room; a later offer for it replaces the transport.
     */
    public CompletionStage<String> relayIn(String roomId, String relayId, String offerSdp, PublisherListener liveness,
                                           LayersListener layersWanted) {
        IceCredentials local = IceCredentials.random(random);
        SdpOffer offer;
        PublisherAnswer answer;
        InetSocketAddress candidate;
        try {
            offer = SdpOffer.parse(offerSdp);
            answer = PublisherAnswerBuilder.answer(offer, describe(local), DtlsSetup.ACTIVE);
            candidate = RelayCandidate.first(offer);
        } catch (SdpException e) {
            return CompletableFuture.failedFuture(MediaException.badRequest("cannot relay this offer: " + e.getMessage()));
        }
        Router router = router(roomId);
        WebRtcTransport transport = publisherTransport(router, roomId, relayId, relayId, local, liveness,
                layersWanted);
        transport.startDialing(answer.remoteIce(), answer.remoteFingerprint(), answer.media(),
                leastBusyLoop(), candidate);
        WebRtcTransport replaced = router.publish(relayId, transport);
        if (replaced != null) {
            replaced.close("relay replaced");
        }
        return CompletableFuture.completedFuture(answer.sdp());
    }

    /**
     * The node receiving the relay {@code subscriptionId} (a {@link #relayOut}) needs only {@code layers} of the
     * track in its m-section {@code mid}, named as {@link #relayIn} there names them ({@code "0"} the lowest): the
     * others stop crossing, and the publisher is asked for them only while another subscriber wants them.
     */
    public void relayLayers(MediaSession relay, String subscriptionId, String mid, List<String> layers) {
        ownSubscription(relay, subscriptionId).relayLayers(mid, layers);
    }

    /** Drops the room's relay {@code relayId} (see {@link #relayIn}); a no-op when there is none. */
    public void relayClosed(String roomId, String relayId) {
        Router router = rooms.get(roomId);
        WebRtcTransport transport = router == null ? null : router.unpublish(relayId);
        if (transport != null) {
            transport.close("relay closed");
        }
    }

    private MediaLoop leastBusyLoop() {
        MediaLoop least = mediaLoops.get(0);
        for (MediaLoop loop : mediaLoops) {
            if (loop.busyPercent() < least.busyPercent()) {
                least = loop;
            }
        }
        return least;
    }

    /**
     * Hears which layers of a publisher's simulcast track this node's subscribers need now: the ones to send (a
     * phone's rids; for a relay from another node, {@code "0"}, {@code "1"}, ... from the lowest). Called on the
     * publisher transport's loop when that changes; must not block.
     */
    @FunctionalInterface
    public interface LayersListener {
        void changed(String mid, List<String> activeRids);
    }

    private WebRtcTransport publisherTransport(Router router, String roomId, String sessionId, String userId,
                                               IceCredentials local, PublisherListener liveness, LayersListener layers) {
        return new WebRtcTransport(TransportRole.PUBLISHER, userId, local, certificate,
                transportSettings, handshakes, transports, metrics, new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                        router.markLive(connected);
                        liveness.live(true);
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                        log.debug("publisher transport of {} in {} closed: {}", gone.userId(), roomId, reason);
                        router.forget(sessionId, gone);
                        liveness.live(false);
                    }

                    @Override
                    public void layersChanged(WebRtcTransport transport, String mid, List<String> activeRids) {
                        layers.changed(mid, activeRids);
                    }
                });
    }

    /**
     * The answer to an ICE restart of {@code existing}, or null when {@code offer} is none: an ICE
     * restart (RFC 8445 section 9) keeps the peer's certificate, the DTLS roles and the media
     * sections, and changes the peer's ufrag. The transport keeps its DTLS and SRTP state.
     */
    private PublisherAnswer iceRestart(WebRtcTransport existing, SdpOffer offer) {
        if (existing == null || !existing.started()) {
            return null;
        }
        IceCredentials local = IceCredentials.random(random);
        DtlsSetup ours = existing.dtlsRole() == DtlsRole.SERVER ? DtlsSetup.PASSIVE : DtlsSetup.ACTIVE;
        PublisherAnswer answer;
        try {
            answer = PublisherAnswerBuilder.answer(offer, describe(local), ours);
        } catch (SdpException e) {
            return null;
        }
        IceCredentials remoteBefore = existing.remoteIce();
        boolean restart = answer.remoteFingerprint().equals(existing.remoteFingerprint())
                && remoteBefore != null && !answer.remoteIce().ufrag().equals(remoteBefore.ufrag())
                && answer.media().equals(existing.incoming());
        return restart && existing.restartIce(local, answer.remoteIce()) ? answer : null;
    }

    public void unpublish(MediaSession publisher, String roomId) {
        Router router = rooms.get(roomId);
        WebRtcTransport transport = router == null ? null : router.unpublish(publisher.id());
        if (transport != null) {
            transport.close("unpublished");
        }
    }

    /**
     * One subscription per session and room, and at most {@link SfuSettings#maxSubscriptionsPerUser}
     * per user over all rooms and sessions; its first offer carries every live track of the room.
     */
    public CompletionStage<SubscriptionOffer> subscribe(MediaSession subscriber, String roomId) {
        return subscribe(subscriber, roomId, false);
    }

    /**
     * A subscription for another node's relay of the room (see {@link #relayIn} there): as {@link #subscribe}, but
     * each simulcast track is sent in every layer, each a stream of its own ({@code a=ssrc-group:SIM}), whatever
     * the relay's estimate, so that node can give each of its viewers their own layer.
     */
    public CompletionStage<SubscriptionOffer> relayOut(MediaSession relay, String roomId) {
        return subscribe(relay, roomId, true);
    }

    private CompletionStage<SubscriptionOffer> subscribe(MediaSession subscriber, String roomId, boolean everyLayer) {
        Router router = router(roomId);
        for (Subscription existing : router.subscriptions()) {
            if (existing.session().id().equals(subscriber.id())) {
                return CompletableFuture.failedFuture(new MediaException(MediaException.Reason.CONFLICT,
                        "already subscribed to room " + roomId + " as " + existing.id()));
            }
        }
        if (handshakesSaturated()) {
            return CompletableFuture.failedFuture(busy());
        }
        MediaLoop saturated = LoopSaturation.saturated(mediaLoops);
        if (saturated != null) {
            return CompletableFuture.failedFuture(LoopSaturation.refusal(saturated));
        }
        if (!subscriptionQuota.tryAcquire(subscriber.userId())) {
            return CompletableFuture.failedFuture(new MediaException(MediaException.Reason.RATE_LIMITED,
                    "at most " + subscriptionQuota.maxPerUser() + " media subscriptions per user; end one first"));
        }
        IceCredentials local = IceCredentials.random(random);
        String subscriptionId = "s" + Long.toUnsignedString(random.nextLong(), 36);
        Subscription[] created = new Subscription[1];
        WebRtcTransport transport = new WebRtcTransport(TransportRole.SUBSCRIBER, subscriber.userId(), local,
                certificate, transportSettings, handshakes, transports, metrics, new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                        log.debug("subscriber transport of {} in {} closed: {}", gone.userId(), roomId, reason);
                        forget(created[0]);
                    }
                });
        transport.preferHome(() -> router.homeFor(subscriber.userId()));
        Subscription subscription = new Subscription(subscriptionId, subscriber, router, transport, describe(local),
                random.nextLong() >>> 2, everyLayer);
        created[0] = subscription;
        subscriptions.put(subscriptionId, subscription);
        router.add(subscription);
        return CompletableFuture.completedFuture(new SubscriptionOffer(subscriptionId, subscription.firstOffer()));
    }

    /** Completes a subscription with the client's SDP answer. */
    public CompletionStage<Void> answer(MediaSession subscriber, String subscriptionId, String answerSdp) {
        try {
            ownSubscription(subscriber, subscriptionId).answer(answerSdp);
            return CompletableFuture.completedFuture(null);
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** ICE restart of the session's subscription in the room: new credentials on a fresh offer. */
    public CompletionStage<SubscriptionOffer> restart(MediaSession subscriber, String roomId) {
        Router router = rooms.get(roomId);
        if (router != null) {
            for (Subscription subscription : router.subscriptions()) {
                if (subscription.session().id().equals(subscriber.id())) {
                    return subscription.restart(() -> IceCredentials.random(random))
                            .thenApply(sdp -> new SubscriptionOffer(subscription.id(), sdp));
                }
            }
        }
        return CompletableFuture.failedFuture(new MediaException(MediaException.Reason.NOT_FOUND,
                "no subscription in room " + roomId + " to restart"));
    }

    /**
     * Pins the subscription's simulcast tracks to a layer ({@code low}, {@code medium}, {@code
     * high}) or returns them to the estimate's choice ({@code auto}).
     */
    public void layer(MediaSession subscriber, String subscriptionId, String layer) {
        ownSubscription(subscriber, subscriptionId).pin(layer);
    }

    public void unsubscribe(MediaSession subscriber, String subscriptionId) {
        ownSubscription(subscriber, subscriptionId).close("unsubscribed");
    }

    private Subscription ownSubscription(MediaSession session, String subscriptionId) {
        Subscription subscription = subscriptions.get(subscriptionId);
        if (subscription == null || !subscription.session().id().equals(session.id())) {
            throw new MediaException(MediaException.Reason.NOT_FOUND, "no subscription " + subscriptionId);
        }
        return subscription;
    }

    private void forget(Subscription subscription) {
        if (subscription != null && subscriptions.remove(subscription.id(), subscription)) {
            subscriptionQuota.release(subscription.session().userId());
            subscription.router().remove(subscription);
        }
    }

    /** Every handshake thread is taken: a new transport's handshake would be refused, so is the transport. */
    private boolean handshakesSaturated() {
        return handshakes.getActiveCount() >= handshakes.getMaximumPoolSize();
    }

    private static MediaException busy() {
        return new MediaException(MediaException.Reason.UNAVAILABLE,
                "the media server is at its limit of concurrent DTLS handshakes; try again in a few seconds");
    }

    private LocalTransportDescription describe(IceCredentials local) {
        return new LocalTransportDescription(local, certificate.fingerprint().value(), candidates);
    }

    private Router router(String roomId) {
        return rooms.computeIfAbsent(roomId, Router::new);
    }

    /** The session left the room or disconnected: its transports in that room go. */
    public void left(MediaSession session, String roomId) {
        unpublish(session, roomId);
        Router router = rooms.get(roomId);
        if (router != null) {
            for (Subscription subscription : router.subscriptions()) {
                if (subscription.session().id().equals(session.id())) {
                    subscription.close("left the room");
                }
            }
        }
    }

    /** The room ended: all of its media goes. */
    public void roomClosed(String roomId) {
        Router router = rooms.remove(roomId);
        if (router != null) {
            for (Subscription subscription : router.subscriptions()) {
                subscription.close("room closed");
            }
            for (WebRtcTransport transport : router.publishers()) {
                transport.close("room closed");
            }
        }
    }

    /** What the server received on every incoming track of the room. */
    public List<TrackStats> tracks(String roomId) {
        Router router = rooms.get(roomId);
        List<TrackStats> tracks = new ArrayList<>();
        if (router == null) {
            return tracks;
        }
        for (WebRtcTransport transport : router.publishers()) {
            MediaLoop owner = transport.owner();
            if (owner == null) {
                continue;
            }
            try {
                tracks.addAll(owner.loop().submit(transport::tracks).get(2, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read track figures", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tracks;
            }
        }
        return tracks;
    }

    private void tick() {
        long now = System.nanoTime();
        for (WebRtcTransport transport : transports.all()) {
            transport.tick(now);
        }
    }

    /**
     * ice4j loads its configuration and codecs on first use (tens of milliseconds): pay that at
     * start, not on a creator's first connectivity check (nor on a media loop).
     */
    private static void warmUpStun(SecureRandom random) {
        IceCredentials ours = IceCredentials.random(random);
        IceCredentials theirs = IceCredentials.random(random);
        BindingRequest request = new StunBindingClient(theirs, ours, random).newRequest(1, true);
        new IceLiteResponder(ours, theirs).respond(request.bytes(), 0, request.bytes().length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
        // Our consent checks' random source and encoder: their first use took 300 ms on a busy machine.
        new ConsentCheck(ours, theirs);
    }

    @Override
    public void close() {
        for (String roomId : new ArrayList<>(rooms.keySet())) {
            roomClosed(roomId);
        }
        port.close();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        handshakes.shutdownNow();
    }

    /** An offer for a subscription. */
    public record SubscriptionOffer(String subscriptionId, String sdp) {
    }

    /** Hears whether a publisher's media is flowing: once live, and once gone for good. Any thread. */
    @FunctionalInterface
    public interface PublisherListener {
        void live(boolean live);
    }

    /**
     * The media plane's settings, already resolved (announced addresses filled in).
     *
     * @param maxPublishKbps          the cap (REMB) on what one publisher sends, in kbit/s; 0 for none
     * @param dtlsFirstFlightTimeout  a peer whose DTLS handshake has not begun this long after its
     *                                first ICE check is closed
     * @param maxSubscriptionsPerUser subscriptions one user may hold at once, over all rooms and sessions
     * @param maxConcurrentHandshakes DTLS handshakes (each holds a thread) running at once; beyond it
     *                                a handshake fails and new transports are refused
     */
    public record SfuSettings(int udpPort, String bindAddress, List<String> announcedAddresses, Duration consentTimeout,
                              Duration dtlsHandshakeTimeout, int maxPublishKbps, Duration dtlsFirstFlightTimeout,
                              int maxSubscriptionsPerUser, int maxConcurrentHandshakes) {
        public SfuSettings {
            announcedAddresses = List.copyOf(announcedAddresses);
            if (announcedAddresses.isEmpty()) {
                throw new IllegalArgumentException("the SFU needs at least one address to announce");
            }
            if (maxSubscriptionsPerUser < 1 || maxConcurrentHandshakes < 1) {
                throw new IllegalArgumentException("maxSubscriptionsPerUser and maxConcurrentHandshakes must be positive");
            }
        }
    }
}
