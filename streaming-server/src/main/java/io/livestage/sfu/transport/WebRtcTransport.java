package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.dtls.DtlsState;
import io.livestage.sfu.dtls.DtlsTransport;
import io.livestage.sfu.dtls.DtlsFailure;
import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.ConsentCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceGenerations;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportPhase;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One peer's ICE-lite + DTLS-SRTP transport on the shared media port. It is owned by the event
 * loop whose socket its first authenticated check arrived on: the kernel keeps a peer's
 * datagrams on that socket, so the media path never hops threads and SRTP state needs no lock.
 * A subscriber may be given another home instead ({@link #preferHome}: a call's subscriber lives
 * on its publisher's loop, so the media it gets never changes loops); what then arrives on the
 * kernel's loop, like what arrives after the peer moved to a new address, is copied over to the
 * owner loop.
 *
 * <p>Media and DTLS go to one address, the {@link PeerPath}, and only to an address that proved it
 * wants them by answering a check of ours (RFC 7675 consent, {@link ConsentCheck}): a nominated
 * check from a new address, which anyone who knows the ICE password can forge, makes us ask that
 * address first, and the path moves there when its authenticated answer comes back from it. The
 * path's consent stays fresh only through checks and answers from the path itself.
 *
 * <p>The DTLS handshake, which holds a thread while it runs, begins only once the path has proven
 * consent and, when we are the DTLS server, the peer's first flight has arrived; a peer that has
 * not got that far {@link TransportSettings#firstFlightTimeout} after its first check is closed.
 *
 * <p>An ICE restart (RFC 8445 section 9) changes only the ICE credentials: the DTLS association,
 * the SRTP keys, the producers and the consumers stay, and the path moves to where the nominated
 * checks with the new credentials come from, once that address has answered ours.
 *
 * <p>Its media is a pipeline of small stages, listed in order in {@link #receive}: inbound SRTP,
 * RTCP termination, track receive, fan-out, and per consumer the subscriber send stage. The
 * transport itself keeps ICE, DTLS and the lifecycle.
 */
public final class WebRtcTransport {
    /** Hears when the transport connects and when it closes for good. */
    public interface Listener {
        void connected(WebRtcTransport transport);

        void closed(WebRtcTransport transport, String reason);

        /**
         * A publisher's simulcast track should now be sent in these layers only (by rid): the
         * others nobody watches. On the transport's loop; must not block.
         */
        default void layersChanged(WebRtcTransport transport, String mid, List<String> activeRids) {
        }
    }

    private final TransportRole role;
    private final String userId;
    private final DtlsCertificate certificate;
    private final TransportSettings settings;
    private final Executor handshakes;
    private final long createdNanos = System.nanoTime();
    private final TransportRegistry registry;
    private final SfuMetrics metrics;
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Where DTLS and media go, and the addresses that may become that (owner loop only). */
    private final PeerPath path;
    private final SubscriberSide subscriberSide;
    private final InboundSrtpStage inbound;
    private final FanOutStage fanOut;
    private volatile MediaLoop owner;
    /** The loop to own this transport instead of the first check's, asked at that check; null: that one. */
    private volatile Supplier<MediaLoop> homePreference = () -> null;
    private volatile SrtpSession srtp;
    /** Our and the peer's ICE credentials, replaced whole (under this transport's lock) by start and restarts. */
    private volatile IceGenerations ice;
    /** The first accepted check armed the first-flight deadline (owner loop only). */
    private boolean checkedOnce;
    /** A DTLS record from the peer is queued for (or went into) the handshake. */
    private volatile boolean dtlsHeard;
    /** Set by {@link #start}: the peer's side, known from its SDP; published by the volatile write of {@code started}. */
    private DtlsTransport dtls;
    private DtlsFingerprint remoteFingerprint;
    private DtlsRole dtlsRole;
    private List<AcceptedMedia> incoming;
    private TrackReceiveStage trackReceive;
    private RtcpTerminationStage rtcp;
    private PublisherFeedback feedback;
    private volatile boolean started;
    /** We dialed the peer (a relay from another server): we keep the path's consent fresh ourselves. */
    private boolean dialing;
    /** Our publisher's feedback, run with the loop's other transports' every {@value MediaLoop#POLL_MILLIS} ms; owner loop only. */
    private Runnable feedbackPoll;
    private long bytesAtLastTick;
    private long lastTickNanos;

    /**
     * A transport awaiting the peer's description. A publisher's is started at once from its
     * offer; a subscriber's when its answer arrives. STUN before then goes unanswered.
     */
    public WebRtcTransport(TransportRole role, String userId, IceCredentials local, DtlsCertificate certificate,
                           TransportSettings settings, Executor handshakes, TransportRegistry registry,
                           SfuMetrics metrics, Listener listener) {
        this.role = role;
        this.userId = userId;
        this.ice = IceGenerations.first(local);
        this.certificate = certificate;
        this.settings = settings;
        this.handshakes = handshakes;
        this.registry = registry;
        this.metrics = metrics;
        this.listener = listener;
        this.path = new PeerPath(registry, this, settings.consentTimeout(), createdNanos, metrics, this::startDtlsWhenReady);
        this.fanOut = new FanOutStage(metrics);
        this.subscriberSide = new SubscriberSide(this, metrics, fanOut, createdNanos);
        this.inbound = new InboundSrtpStage(metrics, this::handshaking);
        registry.add(this, local.ufrag());
    }

    /**
     * Learns the peer's ICE credentials, certificate fingerprint and DTLS role from its SDP, and
     * the tracks it will send (none for a subscriber). Once only.
     */
    public synchronized void start(IceCredentials remoteIce, DtlsFingerprint remoteFingerprint, DtlsRole role,
                                   List<AcceptedMedia> incoming) {
        if (started) {
            throw new IllegalStateException("transport already started");
        }
        this.ice = ice.withRemote(remoteIce);
        this.remoteFingerprint = remoteFingerprint;
        this.dtlsRole = role;
        this.incoming = List.copyOf(incoming);
        this.dtls = new DtlsTransport(role, certificate, remoteFingerprint, settings.dtls(), this::sendDtls,
                handshakes, (transport, state) -> dtlsStateChanged(state));
        this.trackReceive = new TrackReceiveStage(incoming, metrics);
        this.rtcp = new RtcpTerminationStage(trackReceive, subscriberSide, metrics);
        this.feedback = new PublisherFeedback(trackReceive, this::sendRtcp, metrics, settings.maxPublishBitrateBps());
        this.started = true;
    }

    public boolean started() {
        return started;
    }

    /**
     * Starts as the dialing end of a media relay from another server (ICE-lite like us): we check its
     * {@code candidate} first, as the controlling agent, and run DTLS as the client once it answered, on
     * {@code home}. The other server's answers and consent checks are accepted in that role.
     */
    public synchronized void startDialing(IceCredentials remoteIce, DtlsFingerprint remoteFingerprint,
                                          List<AcceptedMedia> incoming, MediaLoop home, InetSocketAddress candidate) {
        this.ice = ice.controlling();
        this.dialing = true;
        start(remoteIce, remoteFingerprint, DtlsRole.CLIENT, incoming);
        this.owner = home;
        home.loop().execute(() -> {
            if (!closed.get()) {
                armFirstFlightDeadline();
                path.dial(home, candidate, ice.selected());
            }
        });
    }

    /**
     * Asks {@code preference} for this transport's loop when its first check arrives, instead of
     * taking the loop the kernel delivered that check on; a null answer keeps the kernel's. Before
     * the peer's first check.
     */
    public void preferHome(Supplier<MediaLoop> preference) {
        this.homePreference = preference;
    }

    /** Our newest ufrag: an ICE restart's once one began. */
    public String localUfrag() {
        return ice.newest().local().ufrag();
    }

    /** Our newest credentials, the ones our SDP carries. */
    public IceCredentials localIce() {
        return ice.newest().local();
    }

    /** The peer's newest credentials, or null before its SDP or while a restart awaits them. */
    public IceCredentials remoteIce() {
        return ice.newest().remote();
    }

    /** The credentials the path in use was checked with. */
    public IceCredentials selectedLocalIce() {
        return ice.selected().local();
    }

    /** The peer's certificate fingerprint from its first SDP; null before {@link #start}. */
    public DtlsFingerprint remoteFingerprint() {
        return started ? remoteFingerprint : null;
    }

    /** Our DTLS role; null before {@link #start}. */
    public DtlsRole dtlsRole() {
        return started ? dtlsRole : null;
    }

    /** The media sections the peer sends us, as accepted at {@link #start}; empty for a subscriber. */
    public List<AcceptedMedia> incoming() {
        return started ? incoming : List.of();
    }

    /**
     * Begins an ICE restart: checks naming {@code local} reach this transport from now on, and the
     * current credentials keep working until a nominated check with the new ones arrives. The
     * peer's new credentials are {@code remote} (a publisher's offer) or follow with
     * {@link #remoteIceRestarted} (a subscriber's answer). A restart replaces one still pending.
     *
     * @return false when the transport is closed or not started yet (nothing to restart)
     */
    public synchronized boolean restartIce(IceCredentials local, IceCredentials remote) {
        if (closed.get() || !started) {
            return false;
        }
        IceGenerations before = ice;
        registry.addUfrag(this, local.ufrag());
        if (before.pending() != null) {
            registry.removeUfrag(this, before.pending().local().ufrag());
        }
        ice = before.restart(local, remote);
        metrics.iceRestart(role);
        return true;
    }

    /**
     * The peer's credentials for the pending restart, from its answer.
     *
     * @return false when no restart awaits them (none began, or it already has them)
     */
    public synchronized boolean remoteIceRestarted(IceCredentials remote) {
        IceGenerations.Generation pending = ice.pending();
        if (closed.get() || pending == null || pending.responder() != null) {
            return false;
        }
        ice = ice.withRemote(remote);
        return true;
    }

    /** A nominated check with the restart's credentials: they become the only ones accepted. */
    private synchronized void selectRestart(IceGenerations.Generation generation) {
        IceGenerations current = ice;
        if (closed.get() || current.pending() != generation) {
            return;
        }
        ice = current.promote();
        registry.removeUfrag(this, current.selected().local().ufrag());
        metrics.iceRestartCompleted(role);
    }

    /** Where DTLS and media go: an address of the peer's that answered our consent check; null before one did. */
    public InetSocketAddress remote() {
        return path.remote();
    }

    boolean isClosed() {
        return closed.get();
    }

    public TransportRole role() {
        return role;
    }

    public String userId() {
        return userId;
    }

    public TransportPhase phase() {
        if (srtp != null) {
            return TransportPhase.CONNECTED;
        }
        return path.remote() == null ? TransportPhase.WAITING_FOR_ICE : TransportPhase.HANDSHAKING;
    }

    /** A STUN packet naming our ufrag, on whichever loop received it. */
    public void onStun(MediaLoop arrival, byte[] buf, int off, int len, InetSocketAddress source) {
        if (closed.get()) {
            return;
        }
        IceGenerations generations = ice;
        IceGenerations.Generation generation = generations.addressedBy(buf, off, len);
        IceLiteResponder responder = generation.responder();
        if (!started || responder == null) {
            // A subscriber checks as soon as it has our offer, perhaps before its answer reached us.
            metrics.dropped(DropReason.NOT_CONNECTED);
            return;
        }
        BindingOutcome outcome = responder.respond(buf, off, len, source);
        if (outcome instanceof BindingOutcome.Rejected rejected) {
            metrics.iceFailure(rejected.reason());
            return;
        }
        BindingOutcome.Accepted check = (BindingOutcome.Accepted) outcome;
        metrics.stunIn();
        // Selected before answering: a peer that hears its nomination succeeded (and may restart
        // again at once) finds the restart already in effect.
        if (check.useCandidate() && generation == generations.pending()) {
            selectRestart(generation);
        }
        MediaLoop home = owner;
        if (home == null) {
            MediaLoop preferred = homePreference.get();
            synchronized (this) {
                if (owner == null) {
                    owner = preferred != null ? preferred : arrival;
                }
                home = owner;
            }
        }
        if (home == arrival) {
            validCheck(check, generation);
        } else {
            home.loop().execute(() -> validCheck(check, generation));
        }
        arrival.send(check.response(), 0, check.response().length, source);
    }

    /**
     * On the owner loop: the path learns of the check (consent, a move, our own check to a new
     * address); the first check arms the first-flight deadline.
     */
    private void validCheck(BindingOutcome.Accepted check, IceGenerations.Generation generation) {
        if (closed.get() || path.stale(generation.number())) {
            // Checked with credentials a restart has since replaced, and queued behind its nomination.
            return;
        }
        armFirstFlightDeadline();
        path.checked(owner, check, generation, System.nanoTime());
    }

    /**
     * A Binding response whose transaction id is one of our consent checks', on whichever loop
     * received it; the path decides what it proves, on the owner loop.
     */
    public void onStunResponse(MediaLoop arrival, byte[] buf, int off, int len, InetSocketAddress source) {
        MediaLoop home = owner;
        if (closed.get() || home == null) {
            return;
        }
        if (home == arrival) {
            path.answered(buf, off, len, source, System.nanoTime());
        } else {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            home.loop().execute(() -> {
                if (!closed.get()) {
                    path.answered(copy, 0, copy.length, source, System.nanoTime());
                }
            });
        }
    }

    /**
     * On the owner loop: the handshake begins once the path has proven consent and, when we are
     * the DTLS server, the peer's first flight is queued. Until then it holds no thread, however
     * many peers check and fall silent.
     */
    private void startDtlsWhenReady() {
        if (closed.get() || path.remote() == null || dtls.state() != DtlsState.NEW) {
            return;
        }
        if (dtlsRole == DtlsRole.CLIENT || dtlsHeard) {
            dtls.start();
        }
    }

    private void armFirstFlightDeadline() {
        if (checkedOnce) {
            return;
        }
        checkedOnce = true;
        owner.loop().schedule(this::firstFlightDue, settings.firstFlightTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A peer that checked but has not begun its DTLS handshake in time (no first flight of its own,
     * none in answer to ours, or no address that answered our consent check) is closed, before it
     * can pile up with others like it.
     */
    private void firstFlightDue() {
        if (closed.get() || (dtlsHeard && dtls.state() != DtlsState.NEW)) {
            return;
        }
        metrics.dtlsFailure(DtlsFailure.FIRST_FLIGHT_TIMEOUT);
        close(path.remote() == null ? "no address of the peer answered our consent check"
                : "no DTLS from the peer within " + settings.firstFlightTimeout().toMillis() + " ms of its first check");
    }

    /**
     * A DTLS record from a checked address of our peer; the transport copies it for the handshake
     * thread. While the handshake runs, each one may begin it or move the path (on the owner loop).
     */
    public void onDtls(byte[] buf, int off, int len, InetSocketAddress source) {
        if (!started || !dtls.receive(buf, off, len)) {
            metrics.dropped(DropReason.DTLS_REFUSED);
            return;
        }
        metrics.dtlsIn();
        dtlsHeard = true;
        MediaLoop home = owner;
        if (srtp == null && home != null) {
            home.loop().execute(() -> handshakeRecord(source));
        }
    }

    /** On the owner loop: the path may follow the peer's handshake; then the handshake may begin. */
    private void handshakeRecord(InetSocketAddress source) {
        if (closed.get()) {
            return;
        }
        path.handshakeRecord(source, System.nanoTime());
        startDtlsWhenReady();
    }

    /** An SRTP or SRTCP packet from our peer's address, in a pooled buffer of the arrival loop. */
    public void onSrtp(MediaLoop arrival, PacketBuffer packet) {
        MediaLoop home = owner;
        if (home != arrival && home != null) {
            byte[] copy = Arrays.copyOfRange(packet.array(), packet.offset(), packet.offset() + packet.length());
            arrival.handOff(home, () -> {
                PacketBuffer moved = home.buffers().acquire();
                moved.copyFrom(copy, 0, copy.length);
                try {
                    onSrtp(home, moved);
                } finally {
                    home.buffers().release(moved);
                }
            });
            return;
        }
        receive(arrival, packet);
    }

    /** The receive pipeline: every media datagram from the peer goes through these stages, in order. */
    private void receive(MediaLoop loop, PacketBuffer packet) {
        long now = System.nanoTime();
        switch (inbound.unprotect(loop, packet)) {
            case RTCP -> rtcp.onRtcp(loop, packet.array(), packet.offset(), inbound.length(), now);
            case RTP -> {
                RtpPacket rtp = loop.rtp();
                Producer track = trackReceive.onRtp(rtp, now);
                if (track != null) {
                    fanOut.forward(loop, track, rtp, trackReceive.keyframeStarted(), now);
                }
            }
            case REFUSED_RTP -> trackReceive.onDecryptFailure(inbound.failedSsrc());
            case HELD, DROPPED -> {
                // Held for the keys, or counted as dropped by the stage.
            }
        }
    }

    /** Whether packets may wait for our keys: the handshake runs, or just finished. */
    private boolean handshaking() {
        DtlsState state = dtls.state();
        return state == DtlsState.CONNECTING || state == DtlsState.CONNECTED;
    }

    /** On the owner loop, once: SRTP keys from DTLS, then the packets that waited for them. */
    private void keyed() {
        if (closed.get()) {
            return;
        }
        SrtpSession session = dtls.role() == DtlsRole.SERVER
                ? SrtpSession.forDtlsServer(dtls.srtpKeyingMaterial())
                : SrtpSession.forDtlsClient(dtls.srtpKeyingMaterial());
        srtp = session;
        inbound.key(session);
        MediaLoop home = owner;
        PacketBuffer waiting;
        while ((waiting = inbound.pollHeld()) != null) {
            try {
                receive(home, waiting);
            } finally {
                home.buffers().release(waiting);
            }
        }
        feedback.requestMissingKeyframes(home, System.nanoTime());
        if (!incoming.isEmpty()) {
            feedbackPoll = () -> feedback.poll(home, System.nanoTime());
            home.poll(feedbackPoll);
        }
        subscriberSide.keyed(home, dtls.srtpKeyingMaterial(), dtls.role());
        listener.connected(this);
    }

    /** Sends one of a publisher's tracks to this (subscriber) transport from now on. Any thread. */
    public void attach(Consumer consumer) {
        subscriberSide.attach(consumer);
    }

    /** Chooses this (subscriber) transport's layers again now, e.g. after the viewer pinned one. Any thread. */
    public void reallocate() {
        MediaLoop home = owner;
        if (home != null) {
            home.loop().execute(() -> subscriberSide.allocate(System.nanoTime()));
        }
    }

    /** Stops sending the consumer's track here. Any thread. */
    public void detach(Consumer consumer) {
        subscriberSide.detach(consumer);
    }

    /** Where this (subscriber) transport's consumers send. */
    public SendTarget sendTarget() {
        return subscriberSide;
    }

    /** The tracks this (publisher) transport announced in its SDP; fixed once started. */
    public List<MediaSource> sources() {
        return started ? trackReceive.announced() : List.of();
    }

    /**
     * A subscriber needs a keyframe of one of our tracks (it joined, or lost one): ask the
     * publisher, at most once per interval however many subscribers ask. Any thread.
     */
    public void requestKeyframe(Producer producer) {
        MediaLoop home = owner;
        metrics.keyframeWanted();
        if (home != null) {
            home.loop().execute(() -> feedback.keyframeWanted(home, producer, System.nanoTime()));
        }
    }

    /** Protects RTCP built in the buffer with our SRTCP context and sends it to the peer. On the owner loop. */
    boolean sendRtcp(MediaLoop home, PacketBuffer buffer, int length) {
        SrtpSession session = srtp;
        InetSocketAddress to = path.remote();
        if (session == null || to == null) {
            return false;
        }
        SrtpPacket view = home.srtp().wrap(buffer.array(), 0, length);
        if (session.protectRtcp(view) != SrtpStatus.OK) {
            return false;
        }
        home.send(buffer.array(), 0, view.getLength(), to);
        return true;
    }

    private void sendDtls(byte[] data, int offset, int length) {
        MediaLoop home = owner;
        InetSocketAddress to = path.remote();
        if (home != null && to != null) {
            home.send(data, offset, length, to);
        }
    }

    private void dtlsStateChanged(DtlsState state) {
        if (state == DtlsState.CONNECTED) {
            metrics.handshake(dtls.handshakeNanos());
            owner.loop().execute(this::keyed);
        } else if (state == DtlsState.FAILED) {
            metrics.dtlsFailure(dtls.failure());
            close("DTLS failed: " + dtls.failure());
        } else if (state == DtlsState.CLOSED) {
            close("DTLS closed");
        }
    }

    /**
     * Called every second: closes a peer whose path's consent expired (RFC 7675), or that never
     * checked in.
     */
    public void tick(long nowNanos) {
        MediaLoop home = owner;
        if (home == null || !started) {
            if (path.expired(nowNanos)) {
                close("no ICE check");
            }
            return;
        }
        home.loop().execute(() -> {
            if (dialing) {
                path.refreshDialed(ice.selected());
            }
            if (path.expired(System.nanoTime())) {
                metrics.consentExpired();
                close("ICE consent expired");
            } else if (srtp != null) {
                everySecond(home, System.nanoTime());
            }
        });
    }

    /** Reports both ways, keyframes still missing, and the per-transport samples of the metrics. */
    private void everySecond(MediaLoop home, long now) {
        feedback.requestMissingKeyframes(home, now);
        List<Producer> tracks = trackReceive.tracks();
        for (Producer producer : tracks) {
            producer.sample(now);
            metrics.trackSample(producer.lossRatio(), producer.jitterSeconds());
        }
        for (MediaSource source : trackReceive.sources()) {
            int activeBefore = source.activeLayers();
            List<String> activeRids = source.updateActiveLayers(now);
            if (activeRids != null) {
                int active = source.activeLayers();
                metrics.layersChanged(Integer.bitCount(activeBefore & ~active), Integer.bitCount(active & ~activeBefore));
                listener.layersChanged(this, source.description().mid(), activeRids);
            }
            if (source.simulcast()) {
                metrics.publisherLayers(source.activeLayers(), source.layerCount());
            }
        }
        feedback.report(home, now);
        if (!tracks.isEmpty() && lastTickNanos != 0) {
            long bytes = trackReceive.bytes();
            double bitrate = (bytes - bytesAtLastTick) * 8 * 1_000_000_000.0 / (now - lastTickNanos);
            metrics.publisherBitrate(bitrate);
            feedback.incomingBitrate(bitrate);
            bytesAtLastTick = bytes;
        }
        lastTickNanos = now;
        if (!subscriberSide.isEmpty()) {
            subscriberSide.allocate(now);
            for (Consumer consumer : subscriberSide.consumers()) {
                if (consumer.home() == home) {
                    consumer.sendSenderReport(home, now);
                }
                if (consumer.switchPending()) {
                    // Its keyframe may have been lost on the way: asked again, merged with everyone's.
                    consumer.requestKeyframe();
                }
                if (consumer.source().simulcast() && !consumer.forwardsOneLayer()) {
                    // Viewers by the layer they get: a relay's layers are none of them.
                    metrics.subscriberLayer(consumer.currentLayer(), consumer.source().layerCount());
                }
            }
            if (subscriberSide.quality().reportBlocks() > 0) {
                metrics.subscriberSample(subscriberSide.quality().smoothedLossRatio(),
                        subscriberSide.quality().roundTripTime().smoothedNanos());
            }
            metrics.delivery(subscriberSide.transportWide().statistics());
        }
    }

    /** Per-track figures; runs on the owner loop when there is one, so they are consistent. */
    public List<TrackStats> tracks() {
        if (!started) {
            return List.of();
        }
        List<TrackStats> tracks = new ArrayList<>();
        for (Producer producer : trackReceive.tracks()) {
            tracks.add(producer.snapshot(userId));
        }
        return tracks;
    }

    /** The loop to run {@link #tracks()} on, or null before the first check. */
    public MediaLoop owner() {
        return owner;
    }

    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (started) {
            dtls.close();
        }
        synchronized (this) {
            IceGenerations generations = ice;
            registry.removeUfrag(this, generations.selected().local().ufrag());
            if (generations.pending() != null) {
                registry.removeUfrag(this, generations.pending().local().ufrag());
            }
            registry.remove(this);
        }
        subscriberSide.detachAll();
        MediaLoop home = owner;
        if (home != null) {
            home.loop().execute(() -> {
                if (feedbackPoll != null) {
                    home.stopPolling(feedbackPoll);
                }
                inbound.close(home);
                SrtpSession session = srtp;
                srtp = null;
                if (session != null) {
                    session.close();
                }
                path.clear();
                if (started) {
                    // The tracks end here: their consumers stop and forget their keys, cached media is freed.
                    for (MediaSource source : trackReceive.sources()) {
                        source.end(home);
                    }
                }
            });
        }
        listener.closed(this, reason);
    }
}
