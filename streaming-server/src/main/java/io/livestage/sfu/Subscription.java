package io.livestage.sfu;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberAnswer;
import io.livestage.sfu.sdp.SubscriberOffer;
import io.livestage.sfu.sdp.SubscriberOfferBuilder;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.transport.Consumer;
import io.livestage.sfu.transport.WebRtcTransport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One viewer's subscription to a room: its transport, the offer/answer exchange (one offer
 * outstanding at a time; a change while an answer is awaited is offered right after it), and a
 * consumer per track the viewer accepted. Control plane only: synchronized, never on the packet path.
 *
 * <p>An ICE restart is an offer like the others, with our new ICE credentials; like them it waits
 * for the answer to an offer still outstanding, so the client's offers and answers stay in step.
 */
final class Subscription {
    private final String id;
    private final MediaSession session;
    private final Router router;
    private final WebRtcTransport transport;
    private LocalTransportDescription local;
    private final SubscriberOfferBuilder offers;
    /** A relay to another node: every simulcast layer is sent, each as a stream of its own. */
    private final boolean everyLayer;
    /** Per accepted track, its consumer, or one per layer for {@link #everyLayer}. */
    private final Map<OutgoingTrack, List<Consumer>> consumers = new HashMap<>();
    /** The tracks being sent, by the mid of their m-section. */
    private final Map<String, OutgoingTrack> sentByMid = new HashMap<>();
    private Map<OutgoingTrack, LiveTrack> offered = Map.of();
    private SubscriberOffer pending;
    private boolean offeredOnce;
    /** The outstanding offer restarts ICE: its answer carries the viewer's new credentials. */
    private boolean restarting;
    /** A restart asked for while an offer awaited its answer: offered right after that answer. */
    private CompletableFuture<String> deferredRestart;
    private Supplier<IceCredentials> deferredCredentials;
    private boolean stale;
    private boolean closed;
    private String pinnedLayer = SimulcastLayerNames.AUTO;

    Subscription(String id, MediaSession session, Router router, WebRtcTransport transport, LocalTransportDescription local,
                 long sessionId, boolean everyLayer) {
        this.id = id;
        this.everyLayer = everyLayer;
        this.session = session;
        this.router = router;
        this.transport = transport;
        this.local = local;
        this.offers = new SubscriberOfferBuilder(sessionId);
    }

    String id() {
        return id;
    }

    MediaSession session() {
        return session;
    }

    Router router() {
        return router;
    }

    /** The first offer: every live track of the room (or a placeholder section when there is none). */
    synchronized String firstOffer() {
        return offer();
    }

    private String offer() {
        offeredOnce = true;
        // Nobody receives their own tracks back: in a call each side subscribes to the room it publishes in.
        String self = transport.userId();
        List<LiveTrack> tracks = router.liveTracks(everyLayer).stream()
                .filter(track -> !track.publisher().userId().equals(self)).toList();
        Map<OutgoingTrack, LiveTrack> byTrack = new HashMap<>();
        for (LiveTrack track : tracks) {
            byTrack.put(track.track(), track);
        }
        offered = byTrack;
        pending = offers.offer(local, tracks.stream().map(LiveTrack::track).toList());
        return pending.sdp();
    }

    /**
     * The viewer's answer to the outstanding offer: the transport starts (first answer) and
     * consumers follow what the viewer accepted.
     */
    synchronized void answer(String sdp) {
        if (closed) {
            throw ended();
        }
        if (pending == null) {
            throw new MediaException(MediaException.Reason.CONFLICT, "no offer of subscription " + id + " awaits an answer");
        }
        SubscriberAnswer answer;
        try {
            answer = SubscriberAnswer.parse(sdp, pending);
        } catch (SdpException e) {
            throw MediaException.badRequest("cannot use this answer: " + e.getMessage());
        }
        DtlsRole role = answer.dtlsServer() ? DtlsRole.SERVER : DtlsRole.CLIENT;
        if (transport.started()) {
            keepsDtls(answer, role);
        }
        offers.answered(answer);
        if (!transport.started()) {
            transport.start(answer.remoteIce(), answer.remoteFingerprint(), role, List.of());
        } else if (restarting) {
            transport.remoteIceRestarted(answer.remoteIce());
        }
        restarting = false;
        follow(answer);
        pending = null;
        if (deferredRestart != null) {
            CompletableFuture<String> waiting = deferredRestart;
            deferredRestart = null;
            stale = false;
            try {
                waiting.complete(restartNow(deferredCredentials.get()));
            } catch (MediaException e) {
                waiting.completeExceptionally(e);
            }
        } else if (stale) {
            stale = false;
            session.offer(router.roomId(), id, offer());
        }
    }

    /** A later answer runs on the same DTLS association: the same certificate and the same roles. */
    private void keepsDtls(SubscriberAnswer answer, DtlsRole role) {
        if (!answer.remoteFingerprint().equals(transport.remoteFingerprint())) {
            throw MediaException.badRequest("cannot use this answer: its DTLS fingerprint is not the one this"
                    + " subscription's transport runs with; a new certificate needs a new subscription");
        }
        if (role != transport.dtlsRole()) {
            throw MediaException.badRequest("cannot use this answer: its a=setup:" + answer.remoteSetup().attribute()
                    + " would change the DTLS roles of the running association");
        }
    }

    /**
     * ICE restart: an offer with new ICE credentials of ours (from {@code credentials}), the same
     * fingerprint and the room's current tracks. While an offer awaits its answer the restart
     * waits for it; a second restart waiting meanwhile replaces the first, which fails with
     * {@code conflict}.
     */
    synchronized CompletableFuture<String> restart(Supplier<IceCredentials> credentials) {
        if (closed) {
            return CompletableFuture.failedFuture(ended());
        }
        if (pending != null) {
            if (deferredRestart != null) {
                deferredRestart.completeExceptionally(new MediaException(MediaException.Reason.CONFLICT,
                        "superseded by a later media.restart of subscription " + id));
            }
            deferredRestart = new CompletableFuture<>();
            deferredCredentials = credentials;
            return deferredRestart;
        }
        try {
            return CompletableFuture.completedFuture(restartNow(credentials.get()));
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String restartNow(IceCredentials fresh) {
        if (!transport.restartIce(fresh, null)) {
            throw ended();
        }
        local = new LocalTransportDescription(fresh, local.fingerprintSha256(), local.candidates());
        restarting = true;
        stale = false;
        return offer();
    }

    private MediaException ended() {
        return new MediaException(MediaException.Reason.NOT_FOUND, "subscription " + id + " has ended");
    }

    /** Starts a consumer for each newly accepted track and stops those no longer sent. */
    private void follow(SubscriberAnswer answer) {
        Set<OutgoingTrack> sending = new HashSet<>();
        for (SubscriberSection section : pending.sections()) {
            AnsweredSection answered = answer.section(section.mid());
            LiveTrack live = section.track() == null ? null : offered.get(section.track());
            if (section.state() != SectionState.SENDING || live == null || answered == null || !answered.receives()) {
                continue;
            }
            sending.add(section.track());
            sentByMid.put(section.mid(), section.track());
            if (!consumers.containsKey(section.track())) {
                List<Consumer> started = consumersOf(live, section, answered);
                consumers.put(section.track(), started);
                started.forEach(transport::attach);
            }
        }
        for (Iterator<Map.Entry<OutgoingTrack, List<Consumer>>> it = consumers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<OutgoingTrack, List<Consumer>> entry = it.next();
            if (!sending.contains(entry.getKey())) {
                entry.getValue().forEach(transport::detach);
                it.remove();
            }
        }
        sentByMid.values().retainAll(sending);
    }

    /**
     * A relay's receiving node needs only {@code layers} (their indexes as text, {@code "0"} the lowest) of the
     * layered track in m-section {@code mid}: the consumers of the other layers hold back until it wants them.
     */
    synchronized void relayLayers(String mid, List<String> layers) {
        if (closed) {
            throw ended();
        }
        OutgoingTrack track = sentByMid.get(mid);
        List<Consumer> perLayer = track == null ? null : consumers.get(track);
        if (perLayer == null || track.layers().isEmpty()) {
            throw new MediaException(MediaException.Reason.NOT_FOUND,
                    "subscription " + id + " sends no layered track in m-section " + mid);
        }
        for (int layer = 0; layer < perLayer.size(); layer++) {
            perLayer.get(layer).holdBack(!layers.contains(Integer.toString(layer)));
        }
    }

    /** The track's consumer following the viewer's pin, or for a track sent in layers one per layer. */
    private List<Consumer> consumersOf(LiveTrack live, SubscriberSection section, AnsweredSection answered) {
        List<OutgoingTrack.LayerStream> layers = section.track().layers();
        if (!layers.isEmpty()) {
            List<Consumer> perLayer = new ArrayList<>();
            for (int layer = 0; layer < layers.size(); layer++) {
                perLayer.add(Consumer.ofLayer(live.source(), live.publisher(), transport.sendTarget(), section,
                        answered, layer));
            }
            return perLayer;
        }
        Consumer consumer = new Consumer(live.source(), live.publisher(), transport.sendTarget(), section, answered);
        consumer.listen(this::layerChanged);
        consumer.pin(SimulcastLayerNames.index(pinnedLayer, live.source().layerCount()));
        return List.of(consumer);
    }

    /**
     * The viewer pins its simulcast tracks to a layer ({@code low}, {@code medium}, {@code high}),
     * or returns them to the estimate's choice ({@code auto}); tracks that come later follow it.
     */
    synchronized void pin(String layer) {
        if (closed) {
            throw ended();
        }
        pinnedLayer = layer;
        for (List<Consumer> track : consumers.values()) {
            for (Consumer consumer : track) {
                consumer.pin(SimulcastLayerNames.index(layer, consumer.source().layerCount()));
            }
        }
        transport.reallocate();
    }

    /** On the producer's loop: tells the viewer which layer it now receives. */
    private void layerChanged(Consumer consumer, int layer, boolean pinned) {
        session.layer(router.roomId(), id, SimulcastLayerNames.name(layer, consumer.source().layerCount()), pinned);
    }

    /**
     * A publisher came or went: offer the new set now, or right after the awaited answer. A change
     * before the first offer (the subscription is in the router a moment before it makes one) is
     * already in that offer, and an event offer must never precede the media.subscribe reply.
     */
    synchronized void publishersChanged() {
        if (closed || !offeredOnce) {
            return;
        }
        if (pending != null) {
            stale = true;
            return;
        }
        session.offer(router.roomId(), id, offer());
    }

    synchronized void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (deferredRestart != null) {
            deferredRestart.completeExceptionally(ended());
            deferredRestart = null;
        }
        consumers.clear();
        transport.close(reason);
    }
}
